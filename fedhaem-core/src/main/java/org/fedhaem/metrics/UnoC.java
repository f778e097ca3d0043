package org.fedhaem.metrics;

/**
 * Uno's C: Harrell's pairs, each weighted by 1/G(t_i-)^2 at the earlier (event) time t_i, as R
 * {@code survival::concordance(Surv(time, event) ~ risk, reverse = TRUE, timewt = "n/G2", ymax = tau)} computes it.
 * G is R's censoring curve for this purpose ({@code fastkm1} in survival's C code): its left limit at t_i, and at a
 * time with both events and censorings the events leave the risk set first, so G drops by c / (n(t) - d(t)).
 * This differs from {@link KaplanMeier#censoring} on tied event/censoring times. Pairs whose event time exceeds
 * tau get weight 0 (R's {@code ymax}). Time-fixing of nearly equal times (R's {@code timefix}) is not done.
 */
public final class UnoC {
    private UnoC() {
    }

    public static MetricValue concordance(double[] time, boolean[] event, double[] risk) {
        return concordance(time, event, risk, Double.POSITIVE_INFINITY);
    }

    /** Uno's C counting only comparable pairs whose event time is &lt;= tau. */
    public static MetricValue concordance(double[] time, boolean[] event, double[] risk, double tau) {
        Checks.survival(time, event);
        Checks.finite("risk", risk, time.length);
        if (Double.isNaN(tau)) {
            throw new IllegalArgumentException("tau must not be NaN");
        }
        Ranks timeRanks = Ranks.of(time);
        double[] weight = weights(timeRanks, event, tau);
        PairSweep s = PairSweep.run(timeRanks, event, risk, weight);
        return MetricValue.ratio(s.weightedConcordant + 0.5 * s.weightedTiedRisk,
                s.weightedConcordant + s.weightedDiscordant + s.weightedTiedRisk,
                "no comparable pair with an event time <= tau = " + tau);
    }

    /** 1/G(t-)^2 per distinct time (only used at event times), 0 beyond tau. */
    private static double[] weights(Ranks timeRanks, boolean[] event, double tau) {
        double[] distinct = timeRanks.distinct();
        int m = distinct.length;
        int[] events = new int[m];
        int[] censored = new int[m];
        for (int i = 0; i < event.length; i++) {
            if (event[i]) {
                events[timeRanks.rank()[i]]++;
            } else {
                censored[timeRanks.rank()[i]]++;
            }
        }
        double[] weight = new double[m];
        double g = 1;
        int atRisk = event.length;
        for (int k = 0; k < m; k++) {
            weight[k] = distinct[k] > tau ? 0 : 1 / (g * g);
            double afterEvents = atRisk - events[k];
            if (censored[k] > 0) {
                g = g * (afterEvents - censored[k]) / afterEvents;
            }
            atRisk -= events[k] + censored[k];
        }
        return weight;
    }
}
