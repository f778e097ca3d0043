package org.fedhaem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.SplittableRandom;
import org.fedhaem.data.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainerTest {

    /** A linear network (no hidden layer, no bias) trained full-batch reaches coxph's maximum partial likelihood. */
    @ParameterizedTest
    @CsvSource({"aml, BRESLOW", "aml, EFRON", "myeloid, BRESLOW", "myeloid, EFRON"})
    void linearCoxReachesRMaximumLikelihood(String name, Ties ties) {
        RData.Table t = RData.csv("csv/survival/" + name + ".csv");
        double[][] x = t.standardisedCovariates("time", "event");
        Outcome.Survival y = new Outcome.Survival(t.values("time"), t.flags("event"));
        double expected = RData.oracle().path("survival").path(name).path("cox").path(ties.name().toLowerCase())
                .path("loglik_tight").asDouble();
        Network net = new Network(NetworkSpec.linear(x[0].length, false), 1);
        TrainingConfig config = new TrainingConfig(3000, x.length, new Adam(0.05),
                new LearningRateSchedule.Exponential(0.997), ties, 0);
        double[] losses = Trainer.fit(net, x, y, config, 2);
        double loss = CoxLoss.value(net.predict(x), y.time(), y.event(), ties);
        double rel = Math.abs(-loss * y.events() - expected) / Math.abs(expected);
        System.out.printf("trained linear Cox %s %s: -loglik %.12f vs R %.12f, relative %.1e%n", name, ties,
                loss * y.events(), -expected, rel);
        assertThat(rel).isLessThan(1e-10);
        assertThat(losses[losses.length - 1]).isLessThan(losses[0]);
    }

    /** With a bias and the logistic loss the linear network is logistic regression: 2 n loss = glm deviance. */
    @Test
    void linearLogisticReachesGlmDeviance() {
        RData.Table t = RData.csv("csv/binary/pima_mass_tr.csv");
        double[][] x = t.standardisedCovariates("label");
        boolean[] label = t.flags("label");
        JsonNode glm = RData.oracle().path("binary").path("pima_mass_tr").path("glm");
        double deviance = glm.path("deviance").asDouble();
        assertThat(deviance).isPositive();
        Network net = new Network(NetworkSpec.linear(x[0].length, true), 1);
        TrainingConfig config = new TrainingConfig(4000, x.length, new Adam(0.05),
                new LearningRateSchedule.Exponential(0.998), Ties.BRESLOW, 0);
        Trainer.fit(net, x, new Outcome.Binary(label), config, 3);
        double loss = LogisticLoss.value(net.predict(x), label);
        double rel = Math.abs(2 * x.length * loss - deviance) / deviance;
        System.out.printf("trained logistic pima_mass_tr: deviance %.12f vs R %.12f, relative %.1e%n",
                2 * x.length * loss, deviance, rel);
        assertThat(rel).isLessThan(1e-10);
        double[] p = net.predictProbability(x);
        double[] rP = RData.csv("oracle/scores/pima_mass_tr_scores.csv").values("p");
        double maxDiff = 0;
        for (int i = 0; i < p.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(p[i] - rP[i]));
        }
        System.out.printf("fitted probabilities vs R glm: max abs diff %.1e%n", maxDiff);
        assertThat(maxDiff).isLessThan(1e-6);
    }

    @Test
    void deepSurvLearnsASyntheticCoxModel() {
        Synthetic train = Synthetic.cox(1500, 6, 21);
        Synthetic test = Synthetic.cox(600, 6, 22);
        Network net = new Network(new NetworkSpec(6, new int[] {16, 16}, Activation.RELU, true, 0.1, false), 4);
        double before = harrellC(net.predict(test.x), test.time, test.event);
        double[] losses = Trainer.fit(net, train.x, new Outcome.Survival(train.time, train.event),
                new TrainingConfig(40, 128, new Adam(1e-2), new LearningRateSchedule.Constant(), Ties.EFRON, 0), 5);
        double after = harrellC(net.predict(test.x), test.time, test.event);
        double oracle = harrellC(test.trueRisk, test.time, test.event);
        System.out.printf("synthetic DeepSurv: loss %.4f -> %.4f, held-out C %.4f -> %.4f (true risk %.4f)%n",
                losses[0], losses[losses.length - 1], before, after, oracle);
        assertThat(losses[losses.length - 1]).isLessThan(losses[0] - 0.1);
        assertThat(after).isGreaterThan(0.7).isGreaterThan(oracle - 0.03);
    }

    @Test
    void bitReproducibleForASeedAndDifferentForAnother() {
        Synthetic d = Synthetic.cox(300, 4, 9);
        Outcome.Survival y = new Outcome.Survival(d.time, d.event);
        TrainingConfig config = new TrainingConfig(3, 64, new Adam(1e-3), new LearningRateSchedule.Constant(),
                Ties.BRESLOW, 0);
        NetworkSpec spec = new NetworkSpec(4, new int[] {8, 8}, Activation.RELU, true, 0.5, false);
        Network a = new Network(spec, 1);
        Network b = new Network(spec, 1);
        Network c = new Network(spec, 1);
        double[] la = Trainer.fit(a, d.x, y, config, 77);
        double[] lb = Trainer.fit(b, d.x, y, config, 77);
        double[] lc = Trainer.fit(c, d.x, y, config, 78);
        assertThat(lb).containsExactly(la);
        assertThat(b.parameters()).isEqualTo(a.parameters());
        assertThat(lc).isNotEqualTo(la);
        assertThat(c.parameters()).isNotEqualTo(a.parameters());
    }

    /** Federated use: set the global parameters, train E epochs, read them back; continuing equals one run. */
    @Test
    void continuesFromGivenParameters() {
        Synthetic d = Synthetic.cox(200, 3, 10);
        Outcome.Survival y = new Outcome.Survival(d.time, d.event);
        NetworkSpec spec = new NetworkSpec(3, new int[] {4}, Activation.TANH, true, 0.2, true);
        TrainingConfig config = new TrainingConfig(2, 50, new Sgd(0.01), new LearningRateSchedule.Constant(),
                Ties.EFRON, 0);
        Network site = new Network(spec, 1);
        Parameters global = site.parameters();
        Trainer.fit(site, d.x, y, config, 5);
        Network other = new Network(spec, 999);
        other.setParameters(global);
        Trainer.fit(other, d.x, y, config, 5);
        assertThat(other.parameters()).isEqualTo(site.parameters());
        assertThat(site.parameters()).isNotEqualTo(global);
    }

    @Test
    void proximalTermPullsTowardsTheStartingPoint() {
        Synthetic d = Synthetic.cox(200, 3, 12);
        Outcome.Survival y = new Outcome.Survival(d.time, d.event);
        NetworkSpec spec = NetworkSpec.linear(3, false);
        double[] start = new Network(spec, 1).parameters().flatten();
        double[] free = distances(spec, d, y, 0, start);
        double[] prox = distances(spec, d, y, 10, start);
        assertThat(prox[0]).isLessThan(free[0] * 0.5);
    }

    private static double[] distances(NetworkSpec spec, Synthetic d, Outcome.Survival y, double mu, double[] start) {
        Network net = new Network(spec, 1);
        Trainer.fit(net, d.x, y, new TrainingConfig(50, 200, new Sgd(0.1), new LearningRateSchedule.Constant(),
                Ties.BRESLOW, mu), 1);
        double[] w = net.parameters().flatten();
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += (w[i] - start[i]) * (w[i] - start[i]);
        }
        return new double[] {Math.sqrt(s)};
    }

    @Test
    void skipsBatchesWithoutEventsAndSingleRowBatchNormBatches() {
        double[][] x = {{0.1}, {0.5}, {-0.3}, {1.2}, {0.7}};
        Outcome.Survival noEvents = new Outcome.Survival(new double[] {1, 2, 3, 4, 5}, new boolean[5]);
        Network net = new Network(NetworkSpec.linear(1, false), 1);
        Parameters before = net.parameters();
        double[] losses = Trainer.fit(net, x, noEvents, TrainingConfig.deepSurv(2).withEpochs(2), 1);
        assertThat(losses).containsOnly(Double.NaN);
        assertThat(net.parameters()).isEqualTo(before);

        // Batch size 2 over 5 rows leaves a last batch of 1 row, which batch norm cannot train on.
        Network bn = new Network(new NetworkSpec(1, new int[] {2}, Activation.RELU, true, 0, false), 1);
        Outcome.Survival allEvents = new Outcome.Survival(new double[] {1, 2, 3, 4, 5},
                new boolean[] {true, true, true, true, true});
        double[] l = Trainer.fit(bn, x, allEvents, new TrainingConfig(1, 2, new Adam(1e-3),
                new LearningRateSchedule.Constant(), Ties.BRESLOW, 0), 1);
        assertThat(l[0]).isFinite();
    }

    @Test
    void rejectsBadInput() {
        Network net = new Network(NetworkSpec.linear(2, false), 1);
        Outcome.Survival y = new Outcome.Survival(new double[] {1, 2}, new boolean[] {true, false});
        TrainingConfig config = TrainingConfig.deepSurv(1);
        assertThatThrownBy(() -> Trainer.fit(net, new double[][] {{1, 2}}, y, config, 1))
                .hasMessageContaining("1 rows but the outcome has 2");
        assertThatThrownBy(() -> Trainer.fit(net, new double[][] {{1, 2}, {1}}, y, config, 1))
                .hasMessageContaining("Row 1 has 1 features");
        assertThatThrownBy(() -> Trainer.fit(net, new double[][] {{1, 2}, {1, Double.NaN}}, y, config, 1))
                .hasMessageContaining("x[1][1]");
        Outcome.Survival negative = new Outcome.Survival(new double[] {1, -2}, new boolean[] {true, false});
        assertThatThrownBy(() -> Trainer.fit(net, new double[][] {{1, 2}, {1, 2}}, negative, config, 1))
                .hasMessageContaining("time[1]");
        assertThatThrownBy(() -> new TrainingConfig(1, 0, new Adam(1e-3), new LearningRateSchedule.Constant(),
                Ties.EFRON, 0)).hasMessageContaining("batchSize must be at least 1, got 0");
        assertThatThrownBy(() -> new TrainingConfig(1, 1, new Adam(1e-3), new LearningRateSchedule.Constant(),
                Ties.EFRON, -1)).hasMessageContaining("proximalMu").hasMessageContaining("-1");
    }

    /** Brute-force Harrell's C with R's rules (oracle README): higher risk means shorter survival. */
    static double harrellC(double[] risk, double[] time, boolean[] event) {
        double concordant = 0;
        double comparable = 0;
        for (int i = 0; i < time.length; i++) {
            if (!event[i]) {
                continue;
            }
            for (int j = 0; j < time.length; j++) {
                if (time[i] < time[j] || (time[i] == time[j] && !event[j] && i != j)) {
                    comparable++;
                    concordant += risk[i] > risk[j] ? 1 : risk[i] == risk[j] ? 0.5 : 0;
                }
            }
        }
        return concordant / comparable;
    }

    /** Survival data from a known Cox model with a nonlinear term, exponential baseline, uniform censoring. */
    record Synthetic(double[][] x, double[] time, boolean[] event, double[] trueRisk) {
        static Synthetic cox(int n, int p, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            double[][] x = new double[n][p];
            double[] time = new double[n];
            boolean[] event = new boolean[n];
            double[] risk = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) {
                    x[i][j] = rng.nextDouble(-1.7, 1.7);
                }
                risk[i] = 0.8 * x[i][0] - 0.6 * x[i][1] + 0.7 * x[i][2] * x[i][2];
                double t = -Math.log(1 - rng.nextDouble()) / (0.1 * Math.exp(risk[i]));
                double c = rng.nextDouble(0, 30);
                time[i] = Math.min(t, c);
                event[i] = t <= c;
            }
            return new Synthetic(x, time, event, risk);
        }
    }

    @Test
    void bruteForceCMatchesTheOracleUnitCases() {
        // Hand case: risks in reverse time order are fully concordant; a censored earliest time counts nothing.
        assertThat(harrellC(new double[] {3, 2, 1}, new double[] {1, 2, 3}, new boolean[] {true, true, false}))
                .isEqualTo(1.0);
        assertThat(harrellC(new double[] {1, 2, 3}, new double[] {1, 2, 3}, new boolean[] {true, true, true}))
                .isEqualTo(0.0);
        assertThat(harrellC(new double[] {1, 1, 3}, new double[] {1, 2, 3}, new boolean[] {true, true, true}))
                .isEqualTo(0.5 / 3);
    }
}
