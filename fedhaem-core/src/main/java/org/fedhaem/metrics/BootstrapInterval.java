package org.fedhaem.metrics;

/**
 * A percentile bootstrap interval: the metric on the original rows, and the quantiles of its value over the
 * resamples where it was defined ({@code undefinedResamples} were NaN and left out).
 */
public record BootstrapInterval(double estimate, double lower, double upper, double level, int resamples,
                                int undefinedResamples) {

    public BootstrapInterval {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
        if (resamples < 1 || undefinedResamples < 0 || undefinedResamples > resamples) {
            throw new IllegalArgumentException("need resamples >= 1 and 0 <= undefinedResamples <= resamples, got "
                    + resamples + " and " + undefinedResamples);
        }
        if (lower > upper) {
            throw new IllegalArgumentException("lower " + lower + " exceeds upper " + upper);
        }
    }
}
