package org.fedhaem.model;

import java.util.Arrays;

/**
 * The Cox negative log partial likelihood divided by the number of events, and its gradient with respect to the
 * log-hazards. This is pycox's {@code cox_ph_loss} (the mean over events of -[eta_i - log sum_{j in R_i} e^eta_j],
 * with risk sets taken within the mini-batch) except that pycox's cumulative sum over rows sorted by time breaks
 * tied times by row order and adds eps 1e-7 inside the log; here tied times share one risk set (Breslow) or are
 * handled by Efron's approximation, with no eps, so that {@code -loss * events} equals R's {@code coxph} loglik.
 * A batch without events has loss 0 and gradient 0 (pycox would return NaN).
 */
public final class CoxLoss {
    private final Ties ties;
    private int[] order = new int[0];
    private int[] scratch = new int[0];
    private double[] groupA = new double[0];
    private double[] groupB = new double[0];
    private double[] exps = new double[0];

    /** A loss evaluator with reusable buffers (for training loops). */
    CoxLoss(Ties ties) {
        if (ties == null) {
            throw new IllegalArgumentException("ties must not be null");
        }
        this.ties = ties;
    }

    /** The loss at log-hazards {@code eta}: -loglik / events. */
    public static double value(double[] eta, double[] time, boolean[] event, Ties ties) {
        validate(eta, time, event);
        return new CoxLoss(ties).compute(eta, time, event, eta.length, null);
    }

    /** The loss, writing d loss / d eta into {@code gradient} (same length as eta). */
    public static double valueAndGradient(double[] eta, double[] time, boolean[] event, Ties ties,
                                          double[] gradient) {
        validate(eta, time, event);
        if (gradient.length != eta.length) {
            throw new IllegalArgumentException("gradient has length " + gradient.length + ", eta " + eta.length);
        }
        return new CoxLoss(ties).compute(eta, time, event, eta.length, gradient);
    }

    static void validate(double[] eta, double[] time, boolean[] event) {
        if (time.length != eta.length || event.length != eta.length) {
            throw new IllegalArgumentException("Lengths differ: eta " + eta.length + ", time " + time.length
                    + ", event " + event.length);
        }
        for (int i = 0; i < eta.length; i++) {
            if (!Double.isFinite(eta[i])) {
                throw new IllegalArgumentException("eta[" + i + "] is not finite: " + eta[i]);
            }
            if (!(time[i] >= 0) || Double.isInfinite(time[i])) {
                throw new IllegalArgumentException("time[" + i + "] must be finite and non-negative, got " + time[i]);
            }
        }
    }

    /** Loss over the first {@code n} entries; gradient (may be null) receives d loss / d eta. */
    double compute(double[] eta, double[] time, boolean[] event, int n, double[] gradient) {
        ensure(n);
        sortByTimeDescending(time, n);
        int events = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (event[i]) {
                events++;
            }
            max = Math.max(max, eta[i]);
        }
        if (events == 0) {
            if (gradient != null) {
                Arrays.fill(gradient, 0, n, 0.0);
            }
            return 0.0;
        }
        // Sums of e^(eta - max): the shift cancels in every ratio and is added back to each log term.
        double riskSum = 0;
        double eventEta = 0;
        double logTerms = 0;
        boolean efron = ties == Ties.EFRON;
        int start = 0;
        while (start < n) {
            double t = time[order[start]];
            int end = start;
            double tiedSum = 0;
            int d = 0;
            while (end < n && time[order[end]] == t) {
                int i = order[end];
                double e = Math.exp(eta[i] - max);
                exps[i] = e;
                riskSum += e;
                if (event[i]) {
                    tiedSum += e;
                    eventEta += eta[i];
                    d++;
                }
                end++;
            }
            double sumInv = 0;
            double sumFracInv = 0;
            for (int k = 0; k < d; k++) {
                double c = efron ? (double) k / d : 0.0;
                double den = riskSum - c * tiedSum;
                logTerms += Math.log(den);
                sumInv += 1 / den;
                sumFracInv += c / den;
            }
            for (int p = start; p < end; p++) {
                groupA[p] = sumInv;
                groupB[p] = sumFracInv;
            }
            start = end;
        }
        if (gradient != null) {
            // Subject j is at risk at every event time <= t_j: accumulate the groups from the earliest time up.
            double atRisk = 0;
            int end = n;
            while (end > 0) {
                double t = time[order[end - 1]];
                int begin = end;
                while (begin > 0 && time[order[begin - 1]] == t) {
                    begin--;
                }
                atRisk += groupA[begin];
                for (int p = begin; p < end; p++) {
                    int j = order[p];
                    double g = -exps[j] * atRisk;
                    if (event[j]) {
                        g += 1 + exps[j] * groupB[p];
                    }
                    gradient[j] = -g / events;
                }
                end = begin;
            }
        }
        return -(eventEta - logTerms - events * max) / events;
    }

    private void ensure(int n) {
        if (order.length < n) {
            order = new int[n];
            scratch = new int[n];
            groupA = new double[n];
            groupB = new double[n];
            exps = new double[n];
        }
    }

    // Stable bottom-up merge sort of 0..n-1 by descending time: primitive ints, no boxing.
    private void sortByTimeDescending(double[] time, int n) {
        int[] src = order;
        int[] dst = scratch;
        for (int i = 0; i < n; i++) {
            src[i] = i;
        }
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    dst[k++] = time[src[j]] > time[src[i]] ? src[j++] : src[i++];
                }
                while (i < mid) {
                    dst[k++] = src[i++];
                }
                while (j < hi) {
                    dst[k++] = src[j++];
                }
            }
            int[] swap = src;
            src = dst;
            dst = swap;
        }
        if (src != order) {
            System.arraycopy(src, 0, order, 0, n);
        }
    }
}
