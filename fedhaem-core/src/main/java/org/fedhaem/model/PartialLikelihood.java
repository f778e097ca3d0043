package org.fedhaem.model;

import java.util.Arrays;

/**
 * The Cox log partial likelihood with its score and information, over rows sorted once by decreasing time so that
 * each risk set is a running sum: O(n p^2) per evaluation. Rows with equal times form one group; Efron removes the
 * group's own events from the risk set in fractions k/d, Breslow does not.
 */
final class PartialLikelihood {
    private final int n;
    private final int p;
    /** Covariates in sorted order, row-major n * p. */
    private final double[] xs;
    private final boolean[] event;
    /** Start of each group of equal times in sorted order, followed by n. */
    private final int[] groupStart;
    private final Ties ties;
    /** order[r] is the original row at sorted position r. */
    private final int[] order;

    private PartialLikelihood(double[] xs, int p, boolean[] event, int[] groupStart, Ties ties, int[] order) {
        this.n = event.length;
        this.p = p;
        this.xs = xs;
        this.event = event;
        this.groupStart = groupStart;
        this.ties = ties;
        this.order = order;
    }

    /** Sorts the rows; {@code x} (n rows of p, already transformed by the caller) may be null when p is 0. */
    static PartialLikelihood of(double[] time, boolean[] event, double[][] x, int p, Ties ties) {
        int n = time.length;
        int[] order = TimeOrder.descending(time);
        double[] xs = new double[n * p];
        boolean[] ev = new boolean[n];
        int[] starts = new int[n + 1];
        int groups = 0;
        for (int r = 0; r < n; r++) {
            int i = order[r];
            ev[r] = event[i];
            if (p > 0) {
                System.arraycopy(x[i], 0, xs, r * p, p);
            }
            if (r == 0 || time[i] != time[order[r - 1]]) {
                starts[groups++] = r;
            }
        }
        starts[groups] = n;
        int[] groupStart = new int[groups + 1];
        System.arraycopy(starts, 0, groupStart, 0, groups + 1);
        return new PartialLikelihood(xs, p, ev, groupStart, ties, order);
    }

    /** The log partial likelihood of a linear predictor given in the original row order (shift-invariant). */
    double logLikelihood(double[] eta) {
        double shift = max(eta);
        double s0 = 0;
        double ll = 0;
        for (int g = 0; g + 1 < groupStart.length; g++) {
            int d = 0;
            double d0 = 0;
            for (int r = groupStart[g]; r < groupStart[g + 1]; r++) {
                double e = eta[order[r]] - shift;
                double w = Math.exp(e);
                s0 += w;
                if (event[r]) {
                    d++;
                    d0 += w;
                    ll += e;
                }
            }
            ll -= groupLogDenominator(s0, d0, d);
        }
        return ll;
    }

    private double groupLogDenominator(double s0, double d0, int d) {
        if (d == 0) {
            return 0;
        }
        if (ties == Ties.BRESLOW || d == 1) {
            return d * Math.log(s0);
        }
        double sum = 0;
        for (int k = 0; k < d; k++) {
            sum += Math.log(s0 - ((double) k / d) * d0);
        }
        return sum;
    }

    /**
     * Log partial likelihood at {@code beta} (on the covariates as given to {@link #of}); fills {@code score} (p) and
     * the lower triangle and diagonal of {@code information} (p by p, minus the Hessian).
     */
    double evaluate(double[] beta, double[] score, double[][] information) {
        double[] eta = new double[n];
        for (int r = 0; r < n; r++) {
            double s = 0;
            int o = r * p;
            for (int j = 0; j < p; j++) {
                s += xs[o + j] * beta[j];
            }
            eta[r] = s;
        }
        double shift = max(eta);
        Arrays.fill(score, 0);
        for (double[] row : information) {
            Arrays.fill(row, 0);
        }
        double s0 = 0;
        double[] s1 = new double[p];
        double[][] s2 = new double[p][p];
        double[] d1 = new double[p];
        double[][] d2 = new double[p][p];
        double[] mean = new double[p];
        double ll = 0;
        for (int g = 0; g + 1 < groupStart.length; g++) {
            int d = 0;
            double d0 = 0;
            for (int j = 0; j < p; j++) {
                d1[j] = 0;
                Arrays.fill(d2[j], 0, j + 1, 0);
            }
            for (int r = groupStart[g]; r < groupStart[g + 1]; r++) {
                double e = eta[r] - shift;
                double w = Math.exp(e);
                int o = r * p;
                s0 += w;
                for (int j = 0; j < p; j++) {
                    double wx = w * xs[o + j];
                    s1[j] += wx;
                    double[] s2j = s2[j];
                    for (int k = 0; k <= j; k++) {
                        s2j[k] += wx * xs[o + k];
                    }
                }
                if (event[r]) {
                    d++;
                    ll += e;
                    d0 += w;
                    for (int j = 0; j < p; j++) {
                        double x = xs[o + j];
                        score[j] += x;
                        if (ties == Ties.EFRON) {
                            double wx = w * x;
                            d1[j] += wx;
                            double[] d2j = d2[j];
                            for (int k = 0; k <= j; k++) {
                                d2j[k] += wx * xs[o + k];
                            }
                        }
                    }
                }
            }
            if (d == 0) {
                continue;
            }
            if (ties == Ties.BRESLOW || d == 1) {
                ll -= d * Math.log(s0);
                addRiskSetTerms(s0, s1, s2, d, score, information, mean);
            } else {
                for (int k = 0; k < d; k++) {
                    double f = (double) k / d;
                    double den = s0 - f * d0;
                    ll -= Math.log(den);
                    for (int j = 0; j < p; j++) {
                        mean[j] = (s1[j] - f * d1[j]) / den;
                        score[j] -= mean[j];
                    }
                    for (int j = 0; j < p; j++) {
                        double[] info = information[j];
                        for (int m = 0; m <= j; m++) {
                            info[m] += (s2[j][m] - f * d2[j][m]) / den - mean[j] * mean[m];
                        }
                    }
                }
            }
        }
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < j; k++) {
                information[k][j] = information[j][k];
            }
        }
        return ll;
    }

    private void addRiskSetTerms(double s0, double[] s1, double[][] s2, int d, double[] score, double[][] information,
            double[] mean) {
        for (int j = 0; j < p; j++) {
            mean[j] = s1[j] / s0;
            score[j] -= d * mean[j];
        }
        for (int j = 0; j < p; j++) {
            double[] info = information[j];
            for (int m = 0; m <= j; m++) {
                info[m] += d * (s2[j][m] / s0 - mean[j] * mean[m]);
            }
        }
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return v.length == 0 ? 0 : m;
    }
}
