package org.fedhaem.model;

import java.util.Arrays;

/**
 * What one site shares for the federated Breslow estimator ({@link FederatedBaseline}): per bin b of the shared
 * grid, its number of events d_b and the log of its risk-set sum R_b = sum of exp(eta) over its patients still at
 * risk at the bin's start (log form, so large risk scores cannot overflow). Nothing else, and no event time.
 *
 * @param events      d_b per bin, >= 0
 * @param logRiskSum  log R_b per bin; negative infinity when no patient of the site is at risk there
 */
public record BinSums(int[] events, double[] logRiskSum) {
    public BinSums {
        if (events == null || logRiskSum == null || events.length != logRiskSum.length || events.length == 0) {
            throw new IllegalArgumentException("events and logRiskSum need the same length >= 1 (one per bin), got "
                    + (events == null ? null : events.length) + " and "
                    + (logRiskSum == null ? null : logRiskSum.length));
        }
        events = events.clone();
        logRiskSum = logRiskSum.clone();
        for (int b = 0; b < events.length; b++) {
            double r = logRiskSum[b];
            if (events[b] < 0 || Double.isNaN(r) || r == Double.POSITIVE_INFINITY
                    || (events[b] > 0 && r == Double.NEGATIVE_INFINITY)) {
                throw new IllegalArgumentException("bin " + b + ": " + events[b] + " events with log risk-set sum " + r
                        + " (events must be >= 0 and have a finite risk set)");
            }
        }
    }

    /** The number of bins. */
    public int bins() {
        return events.length;
    }

    @Override
    public int[] events() {
        return events.clone();
    }

    @Override
    public double[] logRiskSum() {
        return logRiskSum.clone();
    }

    /** Both sites' sums: events add, risk-set sums add (in log form). */
    public BinSums plus(BinSums other) {
        if (other.bins() != bins()) {
            throw new IllegalArgumentException("cannot add sums over " + other.bins() + " bins to sums over " + bins());
        }
        int[] d = new int[bins()];
        double[] r = new double[bins()];
        for (int b = 0; b < d.length; b++) {
            d[b] = events[b] + other.events[b];
            r[b] = logAdd(logRiskSum[b], other.logRiskSum[b]);
        }
        return new BinSums(d, r);
    }

    /** log(exp(a) + exp(b)) without overflow; negative infinity is the empty sum. */
    static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double hi = Math.max(a, b);
        return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinSums s && Arrays.equals(events, s.events) && Arrays.equals(logRiskSum, s.logRiskSum);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(events) + Arrays.hashCode(logRiskSum);
    }

    @Override
    public String toString() {
        return "BinSums[events " + Arrays.toString(events) + ", log risk-set sums " + Arrays.toString(logRiskSum)
                + "]";
    }
}
