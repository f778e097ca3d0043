package org.fedhaem.model;

import java.util.Arrays;

/**
 * A Cox-type baseline cumulative hazard H0(t), a right-continuous step function that jumps at the distinct event
 * times and is 0 before the first one, with the survival curve of a patient of risk score eta:
 * S(t | eta) = exp(-H0(t) exp(eta)). It works for any risk model (a linear Cox fit or a network's output); eta
 * must be on the same scale later as when the hazard was estimated. Serialises to JSON as a Jackson record.
 *
 * <p>{@link Ties#BRESLOW}: the Breslow estimator, H0(t) = sum over event times t_k <= t of d_k / sum_{j: t_j >= t_k}
 * exp(eta_j), as R {@code basehaz(fit, centered = FALSE)} for a {@code ties = "breslow"} fit.
 * {@link Ties#EFRON}: for a {@code ties = "efron"} fit R's {@code survfit.coxph} (and so {@code basehaz}) switches
 * to the Efron-type increment sum_{r=0}^{d_k - 1} 1 / (S_k - (r / d_k) D_k), with S_k the risk-set sum and D_k the
 * sum over the d_k events at t_k; this reproduces that. Without tied event times the two are identical.
 *
 * @param times            distinct event times, strictly increasing
 * @param cumulativeHazard H0 at each of {@code times}, non-decreasing and non-negative
 * @param ties             the estimator used
 */
public record BaselineHazard(double[] times, double[] cumulativeHazard, Ties ties) {

    public BaselineHazard {
        if (times == null || cumulativeHazard == null || ties == null) {
            throw new IllegalArgumentException("times, cumulativeHazard and ties are required");
        }
        if (times.length != cumulativeHazard.length) {
            throw new IllegalArgumentException("times has " + times.length + " values but cumulativeHazard has "
                    + cumulativeHazard.length);
        }
        times = times.clone();
        cumulativeHazard = cumulativeHazard.clone();
        for (int k = 0; k < times.length; k++) {
            if (!Double.isFinite(times[k]) || (k > 0 && !(times[k] > times[k - 1]))) {
                throw new IllegalArgumentException("times must be finite and strictly increasing; times[" + k + "] = "
                        + times[k]);
            }
            double h = cumulativeHazard[k];
            if (!Double.isFinite(h) || h < 0 || (k > 0 && h < cumulativeHazard[k - 1])) {
                throw new IllegalArgumentException("cumulativeHazard must be finite, non-negative and non-decreasing; "
                        + "cumulativeHazard[" + k + "] = " + h);
            }
        }
    }

    /** Estimates H0 from training rows: follow-up {@code time}, {@code event} flags and risk scores {@code eta}. */
    public static BaselineHazard estimate(double[] time, boolean[] event, double[] eta, Ties ties) {
        FitInputs.checkSurvival(time, event);
        if (eta.length != time.length) {
            throw new IllegalArgumentException("eta has " + eta.length + " values but time has " + time.length);
        }
        FitInputs.checkFinite(eta, "eta");
        int n = time.length;
        int events = FitInputs.countEvents(event);
        if (events == 0) {
            throw new IllegalArgumentException("No events among " + n + " rows: the baseline hazard is undefined");
        }
        // exp(eta - shift) avoids overflow; the hazard is rescaled by exp(-shift) at the end
        double shift = Double.NEGATIVE_INFINITY;
        for (double e : eta) {
            shift = Math.max(shift, e);
        }
        int[] order = TimeOrder.descending(time);
        double[] eventTimes = new double[events];
        double[] increments = new double[events];
        int m = 0;
        double s0 = 0;
        int r = 0;
        while (r < n) {
            double t = time[order[r]];
            int d = 0;
            double d0 = 0;
            for (; r < n && time[order[r]] == t; r++) {
                int i = order[r];
                double w = Math.exp(eta[i] - shift);
                s0 += w;
                if (event[i]) {
                    d++;
                    d0 += w;
                }
            }
            if (d > 0) {
                double inc;
                if (ties == Ties.BRESLOW || d == 1) {
                    inc = d / s0;
                } else {
                    inc = 0;
                    for (int k = 0; k < d; k++) {
                        inc += 1 / (s0 - ((double) k / d) * d0);
                    }
                }
                eventTimes[m] = t;
                increments[m] = inc;
                m++;
            }
        }
        // event times were collected from the largest down; accumulate from the smallest
        double[] ts = new double[m];
        double[] h = new double[m];
        double scale = Math.exp(-shift);
        double cum = 0;
        for (int k = 0; k < m; k++) {
            int src = m - 1 - k;
            cum += increments[src];
            ts[k] = eventTimes[src];
            h[k] = cum * scale;
        }
        return new BaselineHazard(ts, h, ties);
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    @Override
    public double[] cumulativeHazard() {
        return cumulativeHazard.clone();
    }

    /** H0(t): the value at the last event time <= t, 0 before the first event time. */
    public double cumulativeHazardAt(double t) {
        if (Double.isNaN(t)) {
            throw new IllegalArgumentException("t is NaN");
        }
        int k = Arrays.binarySearch(times, t);
        int last = k >= 0 ? k : -k - 2;
        return last < 0 ? 0 : cumulativeHazard[last];
    }

    /** S(t | eta) at each of {@code t}. */
    public double[] survival(double eta, double[] t) {
        if (!Double.isFinite(eta)) {
            throw new IllegalArgumentException("eta is not finite: " + eta);
        }
        double risk = Math.exp(eta);
        double[] s = new double[t.length];
        for (int g = 0; g < t.length; g++) {
            s[g] = Math.exp(-cumulativeHazardAt(t[g]) * risk);
        }
        return s;
    }

    /** Survival curves: {@code [patient][grid point]} = S(grid[g] | eta[patient]). */
    public double[][] survivalCurves(double[] eta, double[] grid) {
        FitInputs.checkFinite(eta, "eta");
        double[] h = new double[grid.length];
        for (int g = 0; g < grid.length; g++) {
            h[g] = cumulativeHazardAt(grid[g]);
        }
        double[][] s = new double[eta.length][grid.length];
        for (int i = 0; i < eta.length; i++) {
            double risk = Math.exp(eta[i]);
            for (int g = 0; g < grid.length; g++) {
                s[i][g] = Math.exp(-h[g] * risk);
            }
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BaselineHazard b && ties == b.ties && Arrays.equals(times, b.times)
                && Arrays.equals(cumulativeHazard, b.cumulativeHazard);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(times) + Arrays.hashCode(cumulativeHazard)) + ties.hashCode();
    }

    @Override
    public String toString() {
        return "BaselineHazard[" + ties + ", " + times.length + " event times]";
    }
}
