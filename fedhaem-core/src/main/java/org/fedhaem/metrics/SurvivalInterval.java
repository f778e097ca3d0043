package org.fedhaem.metrics;

/**
 * A Kaplan-Meier estimate at one time with its 95 % pointwise confidence interval on the log-log scale, as R
 * {@code summary(survfit(..., conf.type = "log-log"), times = t)}: with Greenwood's
 * se = sqrt(sum over event times &lt;= t of d / (n (n - d))) of the cumulative hazard, the limits are
 * S^exp(-/+ z se / log S). The interval is [1, 1] where S = 1 and undefined (NaN limits) where S = 0, as in R.
 */
public record SurvivalInterval(double estimate, double lower, double upper) {
    /** qnorm(0.975) to 17 significant digits. */
    static final double Z95 = 1.959963984540054;

    public SurvivalInterval {
        if (!(estimate >= 0 && estimate <= 1)) {
            throw new IllegalArgumentException("survival estimate must be in [0, 1], got " + estimate);
        }
        if (!Double.isNaN(lower) && !(lower <= estimate && estimate <= upper)) {
            throw new IllegalArgumentException("interval [" + lower + ", " + upper + "] does not hold the estimate "
                    + estimate);
        }
    }

    /** S(t) of {@code km} (right-continuous) and its 95 % log-log interval. */
    public static SurvivalInterval logLog(KaplanMeier km, double t) {
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException("t must be finite, got " + t);
        }
        double[] times = km.time();
        int[] atRisk = km.atRisk();
        int[] events = km.events();
        double[] survival = km.survival();
        double s = 1;
        double greenwood = 0;
        for (int k = 0; k < times.length && times[k] <= t; k++) {
            int n = atRisk[k];
            int d = events[k];
            s = survival[k];
            if (d > 0 && n > d) {
                greenwood += (double) d / ((double) n * (n - d));
            }
        }
        if (s == 1) {
            return new SurvivalInterval(1, 1, 1);
        }
        if (s == 0) {
            return new SurvivalInterval(0, Double.NaN, Double.NaN);
        }
        double logS = Math.log(s);
        double shift = Z95 * Math.sqrt(greenwood) / logS;
        double logMinusLog = Math.log(-logS);
        return new SurvivalInterval(s, Math.exp(-Math.exp(logMinusLog - shift)),
                Math.exp(-Math.exp(logMinusLog + shift)));
    }
}
