package org.fedhaem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.fedhaem.data.Outcome;
import org.junit.jupiter.api.Test;

/** The Trainer features federated strategies rely on: trainable mask, step counts, gradient correction. */
class TrainerFederatedTest {

    private static final double[][] X = {{1.0, -0.5}, {2.0, 0.5}, {-1.0, 1.5}, {0.5, -2.0}};
    private static final boolean[] LABEL = {true, false, false, true};

    @Test
    void trainableMaskIsFalseExactlyOnRunningStatistics() {
        Network net = new Network(new NetworkSpec(3, new int[] {4, 2}, Activation.RELU, true, 0, false), 1);
        boolean[] mask = net.trainableMask();
        Parameters p = net.parameters();
        assertThat(mask).hasSize(p.size());
        int k = 0;
        int trained = 0;
        for (Parameters.Tensor t : p.tensors()) {
            boolean running = t.name().endsWith("running_mean") || t.name().endsWith("running_var");
            for (int i = 0; i < t.values().length; i++, k++) {
                assertThat(mask[k]).as("%s[%d]", t.name(), i).isEqualTo(!running);
                trained += running ? 0 : 1;
            }
        }
        // 3*4+4 + 4+4 (gamma, beta) + 4*2+2 + 2+2 + out 2 = 40
        assertThat(trained).isEqualTo(40).isEqualTo(net.trainableSize());
    }

    @Test
    void trainableMaskOfALinearModelIsAllTrue() {
        boolean[] mask = new Network(NetworkSpec.linear(5, true), 1).trainableMask();
        assertThat(mask).hasSize(6).containsOnly(true);
    }

    @Test
    void stepsAreEpochsTimesBatches() {
        double[][] x = new double[10][];
        boolean[] label = new boolean[10];
        for (int i = 0; i < 10; i++) {
            x[i] = new double[] {i, -i / 2.0};
            label[i] = i % 3 == 0;
        }
        Network net = new Network(NetworkSpec.linear(2, true), 1);
        TrainingResult r = Trainer.train(net, x, new Outcome.Binary(label), sgd(3, 4, 0.1), 7);
        assertThat(r.steps()).isEqualTo(3 * 3); // batches of 4, 4, 2
        assertThat(r.epochLosses()).hasSize(3);
        assertThat(r.finalLoss()).isEqualTo(r.epochLosses()[2]);
    }

    @Test
    void stepsLeaveOutSkippedBatches() {
        // Batch norm skips the trailing batch of one row: 9 rows in batches of 4, 4, 1 give 2 steps per epoch.
        double[][] x = new double[9][];
        double[] time = new double[9];
        boolean[] event = new boolean[9];
        for (int i = 0; i < 9; i++) {
            x[i] = new double[] {i * 0.1, 1 - i * 0.2};
            time[i] = i + 1;
            event[i] = true;
        }
        Network bn = new Network(new NetworkSpec(2, new int[] {3}, Activation.RELU, true, 0, false), 1);
        assertThat(Trainer.train(bn, x, new Outcome.Survival(time, event), sgd(3, 4, 0.01), 1).steps())
                .isEqualTo(6);
        // A Cox batch without events is skipped: one event in 4 rows, batches of 2 give one step per epoch.
        double[][] x4 = Arrays.copyOf(x, 4);
        Outcome.Survival oneEvent = new Outcome.Survival(new double[] {1, 2, 3, 4},
                new boolean[] {true, false, false, false});
        Network linear = new Network(NetworkSpec.linear(2, false), 1);
        assertThat(Trainer.train(linear, x4, oneEvent, sgd(5, 2, 0.01), 3).steps()).isEqualTo(5);
    }

    @Test
    void fitReturnsTheSameLossesAsTrain() {
        Network a = new Network(NetworkSpec.linear(2, true), 4);
        Network b = new Network(NetworkSpec.linear(2, true), 4);
        double[] losses = Trainer.fit(a, X, new Outcome.Binary(LABEL), sgd(4, 3, 0.2), 9);
        TrainingResult r = Trainer.train(b, X, new Outcome.Binary(LABEL), sgd(4, 3, 0.2), 9);
        assertThat(r.epochLosses()).isEqualTo(losses);
        assertThat(b.parameters()).isEqualTo(a.parameters());
    }

    /** Full-batch SGD on logistic regression, by hand: w <- w - lr (grad(w) + c), twice. */
    @Test
    void correctionIsAddedToEveryGradient() {
        double lr = 0.3;
        double[] c = {0.25, -0.5, 0.125}; // Parameters order: out.weight[0], out.weight[1], out.bias
        Network net = new Network(NetworkSpec.linear(2, true), 11);
        double[] w = net.parameters().flatten();
        TrainingResult r = Trainer.train(net, X, new Outcome.Binary(LABEL),
                sgd(2, X.length, lr).withCorrection(c), 5);
        for (int step = 0; step < 2; step++) {
            double[] g = logisticGradient(w);
            for (int j = 0; j < 3; j++) {
                w[j] -= lr * (g[j] + c[j]);
            }
        }
        assertThat(r.steps()).isEqualTo(2);
        double[] trained = net.parameters().flatten();
        for (int j = 0; j < 3; j++) {
            assertThat(trained[j]).as("parameter %d", j).isCloseTo(w[j], within(1e-14));
        }
        // The correction moved the model: without it the result differs.
        Network plain = new Network(NetworkSpec.linear(2, true), 11);
        Trainer.train(plain, X, new Outcome.Binary(LABEL), sgd(2, X.length, lr), 5);
        assertThat(plain.parameters().flatten()[0]).isNotCloseTo(trained[0], within(1e-3));
    }

    @Test
    void correctionOnRunningStatisticsIsIgnored() {
        NetworkSpec spec = new NetworkSpec(2, new int[] {3}, Activation.RELU, true, 0, true);
        Network a = new Network(spec, 2);
        Network b = new Network(spec, 2);
        boolean[] mask = a.trainableMask();
        double[] c = new double[mask.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = mask[i] ? 0.0 : 100.0;
        }
        Trainer.train(a, X, new Outcome.Binary(LABEL), sgd(2, 2, 0.1), 3);
        Trainer.train(b, X, new Outcome.Binary(LABEL), sgd(2, 2, 0.1).withCorrection(c), 3);
        assertThat(b.parameters()).isEqualTo(a.parameters());
    }

    @Test
    void correctionIsValidated() {
        Network net = new Network(NetworkSpec.linear(2, true), 1);
        assertThatThrownBy(() -> Trainer.train(net, X, new Outcome.Binary(LABEL),
                sgd(1, 4, 0.1).withCorrection(new double[2]), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("correction has 2 values")
                .hasMessageContaining("3 parameters");
        assertThatThrownBy(() -> sgd(1, 4, 0.1).withCorrection(new double[] {0, Double.NaN, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("correction[1]");
    }

    @Test
    void correctionIsCopied() {
        double[] c = {1, 2, 3};
        TrainingConfig config = sgd(1, 4, 0.1).withCorrection(c);
        c[0] = 99;
        config.correction()[1] = 99;
        assertThat(config.correction()).containsExactly(1, 2, 3);
        assertThat(config.withEpochs(3).correction()).containsExactly(1, 2, 3);
    }

    private static double[] logisticGradient(double[] w) {
        double[] g = new double[3];
        for (int i = 0; i < X.length; i++) {
            double z = w[0] * X[i][0] + w[1] * X[i][1] + w[2];
            double r = (1 / (1 + Math.exp(-z)) - (LABEL[i] ? 1 : 0)) / X.length;
            g[0] += r * X[i][0];
            g[1] += r * X[i][1];
            g[2] += r;
        }
        return g;
    }

    private static TrainingConfig sgd(int epochs, int batch, double lr) {
        return new TrainingConfig(epochs, batch, new Sgd(lr), new LearningRateSchedule.Constant(), Ties.BRESLOW, 0);
    }
}
