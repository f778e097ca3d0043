package org.fedhaem.strategy;

import java.util.Arrays;

/**
 * Pure aggregation functions over the sites' parameter vectors ({@code vectors[site][entry]}, sites in site order).
 * Each validates its input and returns a new array; the coordinate-wise ones follow Flower's {@code aggregate.py}.
 */
public final class Aggregate {
    private Aggregate() {
    }

    /** Sum of {@code weights[i] * vectors[i]} divided by the sum of the weights (FedAvg with example counts). */
    public static double[] weightedMean(double[][] vectors, double[] weights) {
        int p = checkVectors(vectors);
        if (weights == null || weights.length != vectors.length) {
            throw new IllegalArgumentException("need one weight per vector (" + vectors.length + "), got "
                    + (weights == null ? "null" : weights.length));
        }
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weight " + i + " must be finite and >= 0, got " + weights[i]);
            }
            total += weights[i];
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("weights sum to " + total + ", need a positive sum");
        }
        double[] out = new double[p];
        for (int i = 0; i < vectors.length; i++) {
            double w = weights[i];
            double[] v = vectors[i];
            for (int j = 0; j < p; j++) {
                out[j] += w * v[j];
            }
        }
        for (int j = 0; j < p; j++) {
            out[j] /= total;
        }
        return out;
    }

    /** The unweighted mean of the vectors. */
    public static double[] mean(double[][] vectors) {
        int p = checkVectors(vectors);
        double[] out = new double[p];
        for (double[] v : vectors) {
            for (int j = 0; j < p; j++) {
                out[j] += v[j];
            }
        }
        for (int j = 0; j < p; j++) {
            out[j] /= vectors.length;
        }
        return out;
    }

    /** The coordinate-wise median (mean of the two middle values for an even count, as numpy's median). */
    public static double[] median(double[][] vectors) {
        int p = checkVectors(vectors);
        int n = vectors.length;
        double[] column = new double[n];
        double[] out = new double[p];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) {
                column[i] = vectors[i][j];
            }
            Arrays.sort(column);
            out[j] = n % 2 == 1 ? column[n / 2] : (column[n / 2 - 1] + column[n / 2]) / 2;
        }
        return out;
    }

    /**
     * The coordinate-wise trimmed mean: per entry, drop the {@code floor(beta * n)} smallest and as many largest
     * values and average the rest (scipy's {@code trim_mean}, as Flower's FedTrimmedAvg uses it).
     */
    public static double[] trimmedMean(double[][] vectors, double beta) {
        int p = checkVectors(vectors);
        if (!(beta >= 0 && beta < 0.5)) {
            throw new IllegalArgumentException("trim fraction beta must be in [0, 0.5), got " + beta);
        }
        int n = vectors.length;
        int cut = (int) (beta * n);
        int kept = n - 2 * cut;
        double[] column = new double[n];
        double[] out = new double[p];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) {
                column[i] = vectors[i][j];
            }
            Arrays.sort(column);
            double sum = 0;
            for (int i = cut; i < n - cut; i++) {
                sum += column[i];
            }
            out[j] = sum / kept;
        }
        return out;
    }

    /**
     * Krum scores (Blanchard et al. 2017, as Flower computes them): for each vector, the sum of its squared
     * Euclidean distances to its {@code max(1, n - numMalicious - 2)} nearest other vectors (fewer when there are
     * fewer others). Lower is more central.
     */
    public static double[] krumScores(double[][] vectors, int numMalicious) {
        checkVectors(vectors);
        if (numMalicious < 0) {
            throw new IllegalArgumentException("number of malicious sites must be >= 0, got " + numMalicious);
        }
        int n = vectors.length;
        int closest = Math.min(Math.max(1, n - numMalicious - 2), n - 1);
        double[][] d2 = squaredDistances(vectors);
        double[] scores = new double[n];
        double[] others = new double[n - 1];
        for (int i = 0; i < n; i++) {
            int k = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    others[k++] = d2[i][j];
                }
            }
            Arrays.sort(others);
            double s = 0;
            for (int c = 0; c < closest; c++) {
                s += others[c];
            }
            scores[i] = s;
        }
        return scores;
    }

    /**
     * The indices of the {@code keep} lowest Krum scores, in increasing index order (ties go to the lower index).
     * {@code keep = 1} is Krum's choice.
     */
    public static int[] krumSelect(double[][] vectors, int numMalicious, int keep) {
        double[] scores = krumScores(vectors, numMalicious);
        if (keep < 1 || keep > vectors.length) {
            throw new IllegalArgumentException("must keep between 1 and " + vectors.length + " vectors, got " + keep);
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[a], scores[b]) : a - b);
        int[] chosen = new int[keep];
        for (int i = 0; i < keep; i++) {
            chosen[i] = order[i];
        }
        Arrays.sort(chosen);
        return chosen;
    }

    /** Krum: a copy of the vector with the lowest score. */
    public static double[] krum(double[][] vectors, int numMalicious) {
        return vectors[krumSelect(vectors, numMalicious, 1)[0]].clone();
    }

    /** MultiKrum: the weighted mean of the {@code keep} vectors with the lowest Krum scores (Flower: by examples). */
    public static double[] multiKrum(double[][] vectors, double[] weights, int numMalicious, int keep) {
        if (weights == null || weights.length != vectors.length) {
            throw new IllegalArgumentException("need one weight per vector (" + vectors.length + "), got "
                    + (weights == null ? "null" : weights.length));
        }
        int[] chosen = krumSelect(vectors, numMalicious, keep);
        double[][] v = new double[chosen.length][];
        double[] w = new double[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            v[i] = vectors[chosen[i]];
            w[i] = weights[chosen[i]];
        }
        return weightedMean(v, w);
    }

    /**
     * FedNova's normalised averaging (Wang et al. 2020, eq. 6 with plain local SGD): with {@code p_i = w_i / sum w},
     * normalised updates {@code d_i = (x - y_i) / tau_i} and {@code tau_eff = sum p_i tau_i}, returns
     * {@code x - tau_eff * sum p_i d_i}. With equal {@code tau_i} this is the weighted mean.
     */
    public static double[] normalizedAverage(double[] global, double[][] vectors, double[] weights, int[] steps) {
        int p = checkVectors(vectors);
        if (global == null || global.length != p) {
            throw new IllegalArgumentException("global must have the vectors' length " + p + ", got "
                    + (global == null ? "null" : global.length));
        }
        for (int j = 0; j < p; j++) {
            if (!Double.isFinite(global[j])) {
                throw new IllegalArgumentException("global entry " + j + " is " + global[j]);
            }
        }
        if (steps == null || steps.length != vectors.length) {
            throw new IllegalArgumentException("need one step count per vector (" + vectors.length + "), got "
                    + (steps == null ? "null" : steps.length));
        }
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] < 1) {
                throw new IllegalArgumentException("vector " + i + " took " + steps[i] + " local steps, need >= 1");
            }
        }
        double[][] normalized = new double[vectors.length][p];
        for (int i = 0; i < vectors.length; i++) {
            for (int j = 0; j < p; j++) {
                normalized[i][j] = (global[j] - vectors[i][j]) / steps[i];
            }
        }
        double[] direction = weightedMean(normalized, weights);
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double tauEff = 0;
        for (int i = 0; i < steps.length; i++) {
            tauEff += weights[i] / total * steps[i];
        }
        double[] out = new double[p];
        for (int j = 0; j < p; j++) {
            out[j] = global[j] - tauEff * direction[j];
        }
        return out;
    }

    private static double[][] squaredDistances(double[][] vectors) {
        int n = vectors.length;
        double[][] d2 = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                double[] a = vectors[i];
                double[] b = vectors[j];
                for (int k = 0; k < a.length; k++) {
                    double d = a[k] - b[k];
                    s += d * d;
                }
                d2[i][j] = s;
                d2[j][i] = s;
            }
        }
        return d2;
    }

    /** Checks there is at least one vector, all of one length, all finite; returns the length. */
    static int checkVectors(double[][] vectors) {
        if (vectors == null || vectors.length == 0) {
            throw new IllegalArgumentException("need at least one vector to aggregate");
        }
        int p = -1;
        for (int i = 0; i < vectors.length; i++) {
            double[] v = vectors[i];
            if (v == null) {
                throw new IllegalArgumentException("vector " + i + " is null");
            }
            if (p < 0) {
                p = v.length;
            } else if (v.length != p) {
                throw new IllegalArgumentException("vector " + i + " has length " + v.length + ", vector 0 has " + p);
            }
            for (int j = 0; j < v.length; j++) {
                if (!Double.isFinite(v[j])) {
                    throw new IllegalArgumentException("vector " + i + " entry " + j + " is " + v[j]);
                }
            }
        }
        return p;
    }
}
