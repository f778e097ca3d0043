package org.fedhaem.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class BootstrapTest {
    private static final double[] VALUES = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4};

    private static final ToDoubleFunction<int[]> MEAN = rows -> {
        double sum = 0;
        for (int r : rows) {
            sum += VALUES[r];
        }
        return sum / rows.length;
    };

    @Test
    void deterministicForASeedAndDifferentForAnother() {
        BootstrapInterval a = Bootstrap.percentile(VALUES.length, MEAN, 500, 0.95, 7);
        assertThat(Bootstrap.percentile(VALUES.length, MEAN, 500, 0.95, 7)).isEqualTo(a);
        assertThat(Bootstrap.percentile(VALUES.length, MEAN, 500, 0.95, 8)).isNotEqualTo(a);
    }

    @Test
    void intervalOfTheMeanIsAroundTheEstimateWithTheNormalWidth() {
        BootstrapInterval ci = Bootstrap.percentile(VALUES.length, MEAN, 4000, 0.95, 1);
        double mean = 0;
        for (double v : VALUES) {
            mean += v;
        }
        mean /= VALUES.length;
        double var = 0;
        for (double v : VALUES) {
            var += (v - mean) * (v - mean);
        }
        double se = Math.sqrt(var / VALUES.length / VALUES.length); // plug-in SE, which the bootstrap estimates
        assertThat(ci.estimate()).isEqualTo(mean);
        assertThat(ci.lower()).isCloseTo(mean - 1.96 * se, within(0.25 * se));
        assertThat(ci.upper()).isCloseTo(mean + 1.96 * se, within(0.25 * se));
        assertThat(ci.undefinedResamples()).isZero();
        assertThat(ci.resamples()).isEqualTo(4000);
    }

    @Test
    void quantileIsRType7() {
        double[] sorted = {1, 2, 3, 4, 10};
        assertThat(Bootstrap.quantile(sorted, 0.5)).isEqualTo(3);
        assertThat(Bootstrap.quantile(sorted, 0.9)).isCloseTo(7.6, within(1e-12)); // R: quantile(c(1,2,3,4,10), .9)
        assertThat(Bootstrap.quantile(sorted, 0)).isEqualTo(1);
        assertThat(Bootstrap.quantile(sorted, 1)).isEqualTo(10);
    }

    @Test
    void undefinedResamplesAreCountedAndLeftOut() {
        // Harrell's C of resampled rows: undefined when a resample has no comparable pair
        double[] time = {1, 2, 3};
        boolean[] event = {true, false, false};
        double[] risk = {3, 2, 1};
        BootstrapInterval ci = Bootstrap.percentile(3, rows -> {
            double[] t = new double[rows.length];
            boolean[] e = new boolean[rows.length];
            double[] r = new double[rows.length];
            for (int k = 0; k < rows.length; k++) {
                t[k] = time[rows[k]];
                e[k] = event[rows[k]];
                r[k] = risk[rows[k]];
            }
            return HarrellC.concordance(t, e, r).c();
        }, 200, 0.9, 3);
        assertThat(ci.undefinedResamples()).isPositive().isLessThan(200);
        assertThat(ci.lower()).isEqualTo(1.0);
        assertThat(ci.upper()).isEqualTo(1.0);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Bootstrap.percentile(0, MEAN, 10, 0.95, 1)).hasMessageContaining("n = 0");
        assertThatThrownBy(() -> Bootstrap.percentile(5, MEAN, 0, 0.95, 1)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> Bootstrap.percentile(5, MEAN, 10, 1.0, 1)).hasMessageContaining("level");
        assertThatThrownBy(() -> Bootstrap.percentile(5, rows -> Double.NaN, 10, 0.9, 1))
                .hasMessageContaining("all 10 resamples");
    }
}
