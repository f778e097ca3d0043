package org.fedhaem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** One and two steps against the update formulas of torch.optim.Adam / SGD, worked by hand. */
class OptimizerTest {

    @Test
    void adamFirstStepMovesEachCoordinateByAboutTheLearningRate() {
        // Step 1: m = 0.1 g, v = 0.001 g^2, bias corrections 0.1 and 0.001, so w -= lr * g / (|g| + eps).
        double[] w = {1.0, -2.0};
        Optimizer.Updater adam = new Adam(0.1).start(2);
        adam.step(w, new double[] {0.5, -1.0}, 0.1);
        assertThat(w[0]).isCloseTo(1.0 - 0.1 * 0.5 / (0.5 + 1e-8), within(1e-15));
        assertThat(w[1]).isCloseTo(-2.0 + 0.1 * 1.0 / (1.0 + 1e-8), within(1e-15));
    }

    @Test
    void adamSecondStepWithWeightDecay() {
        double lr = 0.01;
        double wd = 0.1;
        double[] w = {0.5};
        Optimizer.Updater adam = new Adam(lr, 0.9, 0.999, 1e-8, wd).start(1);
        adam.step(w, new double[] {0.2}, lr);
        double g1 = 0.2 + wd * 0.5;
        double w1 = 0.5 - lr * g1 / (Math.abs(g1) + 1e-8);
        assertThat(w[0]).isCloseTo(w1, within(1e-15));
        adam.step(w, new double[] {-0.4}, lr);
        double g2 = -0.4 + wd * w1;
        double m = 0.9 * 0.1 * g1 + 0.1 * g2;
        double v = 0.999 * 0.001 * g1 * g1 + 0.001 * g2 * g2;
        double mHat = m / (1 - 0.81);
        double vHat = v / (1 - 0.999 * 0.999);
        assertThat(w[0]).isCloseTo(w1 - lr * mHat / (Math.sqrt(vHat) + 1e-8), within(1e-15));
    }

    @Test
    void sgdMomentumAndNesterov() {
        double[] g = {1.0};
        double[] w = {1.0};
        Optimizer.Updater heavyBall = new Sgd(0.1, 0.9, 0, false, 0).start(1);
        heavyBall.step(w, g, 0.1); // buf = 1
        assertThat(w[0]).isCloseTo(0.9, within(1e-15));
        heavyBall.step(w, g, 0.1); // buf = 0.9 + 1 = 1.9
        assertThat(w[0]).isCloseTo(0.71, within(1e-15));

        double[] u = {1.0};
        Optimizer.Updater nesterov = new Sgd(0.1, 0.9, 0, true, 0).start(1);
        nesterov.step(u, g, 0.1); // buf = 1, d = 1 + 0.9
        assertThat(u[0]).isCloseTo(0.81, within(1e-15));
        nesterov.step(u, g, 0.1); // buf = 1.9, d = 1 + 0.9 * 1.9 = 2.71
        assertThat(u[0]).isCloseTo(0.539, within(1e-15));
    }

    @Test
    void sgdDampeningSkipsTheFirstStepAndWeightDecayAddsToTheGradient() {
        double[] w = {2.0};
        Optimizer.Updater sgd = new Sgd(0.1, 0.9, 0.5, false, 0.5).start(1);
        sgd.step(w, new double[] {1.0}, 0.1); // d = 1 + 0.5 * 2 = 2, buf = 2 (undamped)
        assertThat(w[0]).isCloseTo(1.8, within(1e-15));
        sgd.step(w, new double[] {1.0}, 0.1); // d = 1 + 0.9 = 1.9, buf = 0.9 * 2 + 0.5 * 1.9 = 2.75
        assertThat(w[0]).isCloseTo(1.525, within(1e-15));
        double[] plain = {1.0};
        new Sgd(0.5).start(1).step(plain, new double[] {0.25}, 0.5);
        assertThat(plain[0]).isEqualTo(0.875);
    }

    @Test
    void schedulesDecayPerEpoch() {
        LearningRateSchedule step = new LearningRateSchedule.Step(2, 0.5);
        assertThat(new double[] {step.rate(1, 0), step.rate(1, 1), step.rate(1, 2), step.rate(1, 5)})
                .containsExactly(1, 1, 0.5, 0.25);
        assertThat(new LearningRateSchedule.Exponential(0.9).rate(2, 2)).isCloseTo(1.62, within(1e-15));
        assertThat(new LearningRateSchedule.Constant().rate(0.3, 100)).isEqualTo(0.3);
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new Adam(-1)).hasMessageContaining("learningRate").hasMessageContaining("-1");
        assertThatThrownBy(() -> new Adam(1e-3, 1.0, 0.999, 1e-8, 0)).hasMessageContaining("beta1");
        assertThatThrownBy(() -> new Sgd(0.1, 0, 0, true, 0)).hasMessageContaining("Nesterov");
        assertThatThrownBy(() -> new Sgd(0.1, 0.9, 0.1, true, 0)).hasMessageContaining("dampening 0.1");
        assertThatThrownBy(() -> new LearningRateSchedule.Step(0, 0.5)).hasMessageContaining("stepSize");
        assertThatThrownBy(() -> new LearningRateSchedule.Exponential(1.5)).hasMessageContaining("1.5");
    }
}
