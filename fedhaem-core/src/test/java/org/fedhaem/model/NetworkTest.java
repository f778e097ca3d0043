package org.fedhaem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NetworkTest {

    @Test
    void namesAndShapesFollowTheConvention() {
        Network net = new Network(new NetworkSpec(3, new int[] {4, 2}, Activation.RELU, true, 0.5, false), 1);
        Parameters p = net.parameters();
        assertThat(p.names()).containsExactly("layer1.weight", "layer1.bias", "bn1.gamma", "bn1.beta",
                "bn1.running_mean", "bn1.running_var", "layer2.weight", "layer2.bias", "bn2.gamma", "bn2.beta",
                "bn2.running_mean", "bn2.running_var", "out.weight");
        assertThat(p.shape("layer1.weight")).containsExactly(4, 3);
        assertThat(p.shape("out.weight")).containsExactly(1, 2);
        assertThat(p.get("bn1.gamma")).containsOnly(1.0);
        assertThat(p.get("bn1.running_var")).containsOnly(1.0);
        Parameters linear = new Network(NetworkSpec.linear(5, true), 1).parameters();
        assertThat(linear.names()).containsExactly("out.weight", "out.bias");
        assertThat(linear.shape("out.weight")).containsExactly(1, 5);
    }

    @Test
    void initialisationIsSeededKaimingNormalAndTorchUniform() {
        NetworkSpec spec = new NetworkSpec(200, new int[] {100}, Activation.RELU, false, 0, true);
        assertThat(new Network(spec, 3).parameters()).isEqualTo(new Network(spec, 3).parameters());
        assertThat(new Network(spec, 3).parameters()).isNotEqualTo(new Network(spec, 4).parameters());
        Parameters p = new Network(spec, 3).parameters();
        double[] w = p.get("layer1.weight");
        double ss = 0;
        for (double v : w) {
            ss += v * v;
        }
        // Kaiming normal, fan_in 200: variance 2 / 200 = 0.01 (20000 draws: standard error of the variance 1e-4).
        assertThat(ss / w.length).isCloseTo(0.01, within(5e-4));
        assertThat(maxAbs(p.get("layer1.bias"))).isLessThanOrEqualTo(1 / Math.sqrt(200)).isGreaterThan(0.05);
        assertThat(maxAbs(p.get("out.weight"))).isLessThanOrEqualTo(0.1).isGreaterThan(0.08);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }

    @Test
    void setParametersRoundTripsAndRejectsOtherLayouts() {
        NetworkSpec spec = new NetworkSpec(2, new int[] {3}, Activation.TANH, true, 0, true);
        Network a = new Network(spec, 1);
        Network b = new Network(spec, 2);
        b.setParameters(a.parameters());
        double[][] x = {{0.3, -1}, {2, 0.5}};
        assertThat(b.predict(x)).containsExactly(a.predict(x));
        Network other = new Network(NetworkSpec.linear(2, true), 1);
        assertThatThrownBy(() -> other.setParameters(a.parameters())).hasMessageContaining("do not match");
        Parameters badVar = a.parameters().with("bn1.running_var", new double[] {1, -1, 1});
        assertThatThrownBy(() -> b.setParameters(badVar)).hasMessageContaining("running_var").hasMessageContaining("-1");
    }

    @Test
    void linearNetworkComputesXw() {
        Network net = new Network(NetworkSpec.linear(2, true), 1);
        net.setParameters(net.parameters().with("out.weight", new double[] {2, -1}).with("out.bias", new double[] {0.5}));
        assertThat(net.predict(new double[][] {{1, 3}, {0, 0}})).containsExactly(-0.5, 0.5);
        assertThat(net.predictProbability(new double[][] {{0, 0.5}})).containsExactly(0.5);
    }

    /** One hidden unit, identity activation, weight 1, bias 0: batch norm statistics are the input's. */
    @Test
    void batchNormUsesBatchStatisticsAndUpdatesRunningStatsLikeTorch() {
        Network net = new Network(new NetworkSpec(1, new int[] {1}, Activation.IDENTITY, true, 0, false), 1);
        net.setParameters(net.parameters().with("layer1.weight", new double[] {1}).with("layer1.bias", new double[] {0})
                .with("bn1.gamma", new double[] {2}).with("bn1.beta", new double[] {0.5})
                .with("out.weight", new double[] {1}));
        double[][] x = {{1}, {2}, {6}};
        net.load(x, null, 0, 3);
        net.forward(3, true, new SplittableRandom(1));
        // mean 3, biased variance 14/3, unbiased 7.
        double s = Math.sqrt(14.0 / 3 + 1e-5);
        assertThat(net.output()[0]).isCloseTo(2 * (1 - 3) / s + 0.5, within(1e-14));
        assertThat(net.output()[2]).isCloseTo(2 * (6 - 3) / s + 0.5, within(1e-14));
        Parameters p = net.parameters();
        assertThat(p.get("bn1.running_mean")[0]).isCloseTo(0.3, within(1e-15));
        assertThat(p.get("bn1.running_var")[0]).isCloseTo(0.9 + 0.7, within(1e-15));
        // Evaluation mode normalises with the running statistics instead.
        assertThat(net.predict(new double[][] {{2}})[0]).isCloseTo(2 * (2 - 0.3) / Math.sqrt(1.6 + 1e-5) + 0.5,
                within(1e-14));
    }

    @Test
    void invertedDropoutScalesKeptUnitsAndIsOffInEvaluation() {
        Network net = new Network(new NetworkSpec(1, new int[] {1000}, Activation.IDENTITY, false, 0.5, false), 1);
        double[] ones = new double[1000];
        java.util.Arrays.fill(ones, 1.0);
        net.setParameters(net.parameters().with("layer1.weight", ones).with("layer1.bias", new double[1000])
                .with("out.weight", ones));
        double[][] x = {{1}};
        net.load(x, null, 0, 1);
        net.forward(1, true, new SplittableRandom(8));
        double kept = net.output()[0] / 2; // each kept unit contributes 1 / (1 - 0.5) = 2
        assertThat(kept).isEqualTo(Math.rint(kept)).isBetween(430.0, 570.0);
        assertThat(net.predict(x)).containsExactly(1000.0);
    }

    @Test
    void specValidates() {
        assertThatThrownBy(() -> new NetworkSpec(0, new int[0], Activation.RELU, false, 0, false))
                .hasMessageContaining("inputs must be at least 1, got 0");
        assertThatThrownBy(() -> new NetworkSpec(2, new int[] {3, 0}, Activation.RELU, false, 0, false))
                .hasMessageContaining("[3, 0]");
        assertThatThrownBy(() -> new NetworkSpec(2, new int[] {3}, Activation.RELU, false, 1.0, false))
                .hasMessageContaining("dropout must be in [0, 1), got 1.0");
        int[] hidden = {4};
        NetworkSpec spec = new NetworkSpec(2, hidden, Activation.SELU, false, 0, false);
        hidden[0] = 9;
        assertThat(spec.hidden()).containsExactly(4);
        assertThat(spec).isEqualTo(new NetworkSpec(2, new int[] {4}, Activation.SELU, false, 0, false));
        assertThat(NetworkSpec.deepSurv(36).hidden()).containsExactly(32, 32, 32);
        assertThat(List.of(Activation.values())).contains(Activation.IDENTITY, Activation.SELU);
    }

    @Test
    void seluAndTanhValues() {
        double[] z = {-1, 0.5};
        double[] a = new double[2];
        Activation.SELU.apply(z, a, 2);
        assertThat(a[0]).isCloseTo(1.0507009873554805 * 1.6732632423543772 * (Math.exp(-1) - 1), within(1e-15));
        assertThat(a[1]).isCloseTo(1.0507009873554805 * 0.5, within(1e-15));
        Activation.TANH.apply(z, a, 2);
        assertThat(a[1]).isCloseTo(Math.tanh(0.5), within(1e-16));
    }

    @Test
    void branchFreeReluIsExactlyTheComparison() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] z = new double[64];
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1, -1, Double.MAX_VALUE, -Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.longBitsToDouble(0xfff8000000000001L),
            Double.longBitsToDouble(0x7ff0000000000001L), Double.longBitsToDouble(0xffffffffffffffffL)};
        System.arraycopy(special, 0, z, 0, special.length);
        for (int i = special.length; i < z.length; i++) {
            z[i] = Double.longBitsToDouble(rng.nextLong());
        }
        double[] a = new double[z.length];
        Activation.RELU.apply(z, a, z.length);
        double[] d = new double[z.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextDouble(-1, 1);
        }
        double[] dIn = d.clone();
        Activation.RELU.backward(z, a, d, d.length);
        for (int i = 0; i < z.length; i++) {
            assertThat(Double.doubleToRawLongBits(a[i])).as("relu(%s)", z[i])
                    .isEqualTo(Double.doubleToRawLongBits(z[i] > 0 ? z[i] : 0.0));
            assertThat(Double.doubleToRawLongBits(d[i])).as("relu'(%s)", z[i])
                    .isEqualTo(Double.doubleToRawLongBits(z[i] <= 0 ? 0.0 : dIn[i]));
        }
    }

    @Test
    void dropoutDropsExactlyTheUnitsWhoseDrawIsBelowTheRate() {
        for (double p : new double[] {0.5, 0.3, 0.1, 0.9}) {
            int units = 2000;
            Network net = new Network(new NetworkSpec(1, new int[] {units}, Activation.IDENTITY, false, p, false), 1);
            double[] ones = new double[units];
            java.util.Arrays.fill(ones, 1.0);
            net.setParameters(net.parameters().with("layer1.weight", ones).with("layer1.bias", new double[units]));
            net.load(new double[][] {{1}}, null, 0, 1);
            net.forward(1, true, new SplittableRandom(42));
            net.backward(new double[] {1}, 1);
            // d loss / d out.weight[j] = the dropped-out hidden unit j, the last values of the gradient.
            double[] g = net.gradient();
            SplittableRandom reference = new SplittableRandom(42);
            for (int j = 0; j < units; j++) {
                double expected = reference.nextDouble() < p ? 0.0 : 1.0 / (1.0 - p);
                assertThat(g[g.length - units + j]).as("p %s unit %d", p, j).isEqualTo(expected);
            }
        }
    }

    @Test
    void aNegativeZeroBiasKeepsItsSignWhereNoInputContributes() {
        // Adding the zero inputs' terms would turn the -0.0 sum into +0.0: such a layer skips them.
        Network net = new Network(new NetworkSpec(3, new int[] {2}, Activation.IDENTITY, false, 0, true), 1);
        net.setParameters(net.parameters().with("layer1.weight", new double[] {1, 2, 3, 4, 5, 6})
                .with("layer1.bias", new double[] {-0.0, -0.0}).with("out.weight", new double[] {1, 1})
                .with("out.bias", new double[] {-0.0}));
        assertThat(Double.doubleToRawLongBits(net.predict(new double[][] {{0, 0, 0}})[0]))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(net.predict(new double[][] {{1, 0, 0}})[0]).isEqualTo(5.0);
    }

    @Test
    void zeroGradientsAreNotMultipliedByAnInfiniteInput() {
        // The unit is off (z = -inf), so its weight gradient is 0, not 0 * inf = NaN.
        Network net = new Network(new NetworkSpec(2, new int[] {1}, Activation.RELU, false, 0, false), 1);
        net.setParameters(net.parameters().with("layer1.weight", new double[] {-1, 1})
                .with("layer1.bias", new double[] {0}).with("out.weight", new double[] {1}));
        net.load(new double[][] {{Double.POSITIVE_INFINITY, 0}}, null, 0, 1);
        net.forward(1, true, null);
        net.backward(new double[] {1}, 1);
        assertThat(net.gradient()).containsExactly(0.0, 0.0, 0.0, 0.0);
    }
}
