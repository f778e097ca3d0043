package org.fedhaem.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SyntheticCohortTest {
    private static final double EULER_GAMMA = 0.5772156649015329;

    @Test
    void sameSeedSameCohortOtherSeedOtherCohort() {
        Design a = SyntheticCohort.survival(3542, new double[36], 1, 0.1, 0.05, 11);
        assertThat(a.rows()).isEqualTo(3542);
        assertThat(a.features()).hasSize(36).startsWith("x1").endsWith("x36");
        assertThat(SyntheticCohort.survival(3542, new double[36], 1, 0.1, 0.05, 11).x()).isDeepEqualTo(a.x());
        assertThat(SyntheticCohort.survival(3542, new double[36], 1, 0.1, 0.05, 11).survival().time())
                .containsExactly(a.survival().time());
        assertThat(SyntheticCohort.survival(3542, new double[36], 1, 0.1, 0.05, 12).x()[0]).isNotEqualTo(a.x()[0]);
    }

    @Test
    void weibullCoxTimesHaveTheKnownLogLinearForm() {
        // With no censoring log T = (log E - log lambda - x'beta) / shape, E ~ Exp(1):
        // the slope of log T on each (independent) feature is -beta_j / shape and the mean of log T is
        // (-gamma - log lambda) / shape, gamma = Euler's constant; var(log E) = pi^2 / 6.
        double[] beta = {0.8, -0.5};
        double shape = 2;
        double lambda = 0.3;
        Design d = SyntheticCohort.survival(50_000, beta, shape, lambda, 0, 5);
        assertThat(d.survival().events()).isEqualTo(50_000);
        double[] logT = new double[d.rows()];
        for (int i = 0; i < logT.length; i++) {
            logT[i] = Math.log(d.survival().time()[i]);
        }
        for (int j = 0; j < beta.length; j++) {
            // standard error about 0.003
            assertThat(slope(d.x(), j, logT)).isCloseTo(-beta[j] / shape, within(0.02));
        }
        assertThat(mean(logT)).isCloseTo((-EULER_GAMMA - Math.log(lambda)) / shape, within(0.02));
    }

    @Test
    void exponentialCensoringGivesTheKnownEventRate() {
        // T ~ Exp(1), C ~ Exp(0.5): P(T <= C) = 1 / (1 + 0.5)
        Design d = SyntheticCohort.survival(30_000, new double[] {0}, 1, 1, 0.5, 9);
        assertThat(d.survival().events() / 30_000.0).isCloseTo(2.0 / 3, within(0.015));
        for (double t : d.survival().time()) {
            assertThat(t).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void logisticLabelsHaveTheKnownModel() {
        Design flat = SyntheticCohort.binary(20_000, new double[] {0, 0}, Math.log(3), 2);
        assertThat(flat.binary().positives() / 20_000.0).isCloseTo(0.75, within(0.015));
        // a two-parameter Newton fit recovers intercept -0.5 and slope 1.2 (standard errors about 0.02)
        Design d = SyntheticCohort.binary(20_000, new double[] {1.2}, -0.5, 3);
        double a = 0;
        double b = 0;
        for (int it = 0; it < 30; it++) {
            double ga = 0;
            double gb = 0;
            double haa = 0;
            double hab = 0;
            double hbb = 0;
            for (int i = 0; i < d.rows(); i++) {
                double x = d.x()[i][0];
                double p = 1 / (1 + Math.exp(-(a + b * x)));
                double r = (d.binary().label()[i] ? 1 : 0) - p;
                double w = p * (1 - p);
                ga += r;
                gb += r * x;
                haa += w;
                hab += w * x;
                hbb += w * x * x;
            }
            double det = haa * hbb - hab * hab;
            a += (hbb * ga - hab * gb) / det;
            b += (haa * gb - hab * ga) / det;
        }
        assertThat(a).isCloseTo(-0.5, within(0.08));
        assertThat(b).isCloseTo(1.2, within(0.08));
    }

    @Test
    void cohortAsTableRunsThroughPreprocessing() {
        Design d = SyntheticCohort.survival(50, new double[] {1, 2}, 1, 1, 0.2, 4);
        Table t = SyntheticCohort.toTable(d, "synthetic.csv");
        assertThat(t.columns()).containsExactly("x1", "x2", "time", "event");
        Design back = new Preprocessing(Preprocessing.Missing.DROP, Preprocessing.Scaling.NONE)
                .fit(t, Schema.survival("time", "event"), PreprocessingTest.all(50)).apply(t);
        assertThat(back.x()).isDeepEqualTo(d.x());
        assertThat(back.survival().event()).containsExactly(d.survival().event());
        Design bin = SyntheticCohort.binary(10, new double[] {1}, 0, 4);
        assertThat(SyntheticCohort.toTable(bin, "b.csv").numeric("label")).hasSize(10);
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> SyntheticCohort.survival(0, new double[] {1}, 1, 1, 0, 1)).hasMessageContaining("n");
        assertThatThrownBy(() -> SyntheticCohort.survival(5, new double[] {1}, 0, 1, 0, 1))
                .hasMessageContaining("shape");
        assertThatThrownBy(() -> SyntheticCohort.survival(5, new double[] {1}, 1, 1, -1, 1))
                .hasMessageContaining("censoring");
        assertThatThrownBy(() -> SyntheticCohort.binary(5, new double[] {Double.NaN}, 0, 1))
                .hasMessageContaining("finite");
    }

    private static double slope(double[][] x, int j, double[] y) {
        double mx = 0;
        double my = mean(y);
        for (double[] row : x) {
            mx += row[j];
        }
        mx /= x.length;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < y.length; i++) {
            sxy += (x[i][j] - mx) * (y[i] - my);
            sxx += (x[i][j] - mx) * (x[i][j] - mx);
        }
        return sxy / sxx;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }
}
