package org.fedhaem.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.fedhaem.random.Seeds;

/** Seeded, deterministic percentile bootstrap for any metric of a set of rows. */
public final class Bootstrap {
    private Bootstrap() {
    }

    /**
     * Draws {@code resamples} sets of n row indices with replacement (stream {@code Seeds.random(seed,
     * "bootstrap")}), evaluates {@code metric} on each, and returns the (1 - level)/2 and (1 + level)/2 quantiles
     * of the defined values (R's default quantile type 7: linear interpolation between order statistics).
     *
     * @param metric the metric of the rows given by an index array (indices repeat); NaN means undefined
     */
    public static BootstrapInterval percentile(int n, ToDoubleFunction<int[]> metric, int resamples, double level,
                                               long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one row, got n = " + n);
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("need at least one resample, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
        int[] identity = new int[n];
        for (int i = 0; i < n; i++) {
            identity[i] = i;
        }
        double estimate = metric.applyAsDouble(identity);
        SplittableRandom rng = Seeds.random(seed, "bootstrap");
        double[] values = new double[resamples];
        int defined = 0;
        int[] indices = new int[n];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                indices[i] = rng.nextInt(n);
            }
            double v = metric.applyAsDouble(indices.clone());
            if (!Double.isNaN(v)) {
                values[defined++] = v;
            }
        }
        if (defined == 0) {
            throw new IllegalArgumentException("the metric was undefined (NaN) on all " + resamples + " resamples");
        }
        double[] sorted = Arrays.copyOf(values, defined);
        Arrays.sort(sorted);
        double alpha = (1 - level) / 2;
        return new BootstrapInterval(estimate, quantile(sorted, alpha), quantile(sorted, 1 - alpha), level,
                resamples, resamples - defined);
    }

    /** R quantile type 7 of sorted values. */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
