package org.fedhaem.metrics;

import java.util.Arrays;

/** Threshold metrics, ROC AUC and the ROC curve for binary labels and real-valued scores. */
public final class BinaryMetrics {
    /** The usual probability cut: a case is predicted positive iff its score is strictly above it. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    private BinaryMetrics() {
    }

    /** Confusion matrix with the rule: predicted positive iff score &gt; threshold. */
    public static ConfusionMatrix confusion(boolean[] label, double[] score, double threshold) {
        check(label, score);
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold must not be NaN");
        }
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < label.length; i++) {
            boolean predicted = score[i] > threshold;
            if (predicted) {
                if (label[i]) {
                    tp++;
                } else {
                    fp++;
                }
            } else if (label[i]) {
                fn++;
            } else {
                tn++;
            }
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    public static ConfusionMatrix confusion(boolean[] label, double[] score) {
        return confusion(label, score, DEFAULT_THRESHOLD);
    }

    /**
     * ROC AUC by Mann-Whitney: (#(pos &gt; neg) + #(pos == neg) / 2) / (n_pos n_neg) over all positive-negative
     * pairs, in O(n log n); undefined unless both classes occur.
     */
    public static MetricValue auc(boolean[] label, double[] score) {
        check(label, score);
        int positives = 0;
        for (boolean b : label) {
            if (b) {
                positives++;
            }
        }
        int negatives = label.length - positives;
        if (positives == 0 || negatives == 0) {
            return MetricValue.undefined("AUC needs both classes, got " + positives + " positive and " + negatives
                    + " negative labels");
        }
        double[] negativeScores = new double[negatives];
        int k = 0;
        for (int i = 0; i < label.length; i++) {
            if (!label[i]) {
                negativeScores[k++] = score[i] + 0.0; // -0.0 == 0.0, as in the pairwise definition
            }
        }
        Arrays.sort(negativeScores);
        long greater = 0;
        long equal = 0;
        for (int i = 0; i < label.length; i++) {
            if (label[i]) {
                double s = score[i] + 0.0;
                int below = lowerBound(negativeScores, s);
                int belowOrEqual = upperBound(negativeScores, s);
                greater += below;
                equal += belowOrEqual - below;
            }
        }
        return MetricValue.of((greater + 0.5 * equal) / ((double) positives * negatives));
    }

    /** The ROC curve (see {@link RocCurve}); needs both classes. */
    public static RocCurve rocCurve(boolean[] label, double[] score) {
        check(label, score);
        int n = label.length;
        Ranks ranks = Ranks.of(score);
        int distinct = ranks.distinct().length;
        long[] positivesAt = new long[distinct];
        long[] negativesAt = new long[distinct];
        int positives = 0;
        for (int i = 0; i < n; i++) {
            if (label[i]) {
                positivesAt[ranks.rank()[i]]++;
                positives++;
            } else {
                negativesAt[ranks.rank()[i]]++;
            }
        }
        int negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("the ROC curve needs both classes, got " + positives + " positive and "
                    + negatives + " negative labels");
        }
        double[] thresholds = new double[distinct + 1];
        double[] fpr = new double[distinct + 1];
        double[] tpr = new double[distinct + 1];
        thresholds[0] = Double.POSITIVE_INFINITY;
        long tp = 0;
        long fp = 0;
        for (int r = distinct - 1, k = 1; r >= 0; r--, k++) {
            tp += positivesAt[r];
            fp += negativesAt[r];
            thresholds[k] = ranks.distinct()[r];
            tpr[k] = (double) tp / positives;
            fpr[k] = (double) fp / negatives;
        }
        return new RocCurve(thresholds, fpr, tpr);
    }

    private static void check(boolean[] label, double[] score) {
        if (label == null) {
            throw new IllegalArgumentException("label must not be null");
        }
        Checks.finite("score", score, label.length);
    }

    /** Number of elements &lt; x in the sorted array. */
    private static int lowerBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Number of elements &lt;= x in the sorted array. */
    private static int upperBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
