package org.fedhaem.experiment;

/**
 * A metric over repeats: mean, sample SD (n - 1) and the 95 % t interval mean +- t(0.975, n - 1) sd / sqrt(n), as R
 * {@code t.test(x)$conf.int}. Undefined values (NaN, e.g. an F1 without positive predictions) are left out and
 * counted in {@code undefined}; {@code n} counts the defined values. With n = 1 the SD and the interval are NaN
 * (nothing to estimate a spread from) and the mean is kept; with n = 0 everything is NaN.
 */
public record Summary(double mean, double sd, double ciLow, double ciHigh, int n, int undefined) {
    private static final double LEVEL = 0.95;

    public Summary {
        if (n < 0 || undefined < 0) {
            throw new IllegalArgumentException("n and undefined must be >= 0, got n=" + n + ", undefined=" + undefined);
        }
    }

    /** The summary of {@code values}; NaN entries are undefined, infinite ones are an error. */
    public static Summary of(double[] values) {
        if (values == null) {
            throw new IllegalArgumentException("values must not be null");
        }
        int n = 0;
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isInfinite(v)) {
                throw new IllegalArgumentException("value " + i + " is infinite: " + v);
            }
            if (!Double.isNaN(v)) {
                n++;
                sum += v;
            }
        }
        int undefined = values.length - n;
        if (n == 0) {
            return new Summary(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, undefined);
        }
        double mean = sum / n;
        if (n == 1) {
            return new Summary(mean, Double.NaN, Double.NaN, Double.NaN, 1, undefined);
        }
        // Two passes: the centred sum of squares loses nothing when the values are close together.
        double ss = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        double sd = Math.sqrt(ss / (n - 1));
        double half = StudentT.quantile(0.5 + LEVEL / 2, n - 1) * sd / Math.sqrt(n);
        return new Summary(mean, sd, mean - half, mean + half, n, undefined);
    }
}
