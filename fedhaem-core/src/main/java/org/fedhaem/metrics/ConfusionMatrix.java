package org.fedhaem.metrics;

/** Counts of a binary classification at one threshold, and the metrics derived from them. */
public record ConfusionMatrix(long truePositive, long falsePositive, long trueNegative, long falseNegative) {

    public ConfusionMatrix {
        if (truePositive < 0 || falsePositive < 0 || trueNegative < 0 || falseNegative < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got TP=" + truePositive + " FP=" + falsePositive
                    + " TN=" + trueNegative + " FN=" + falseNegative);
        }
    }

    public long total() {
        return truePositive + falsePositive + trueNegative + falseNegative;
    }

    /** TP / (TP + FP); undefined without positive predictions. */
    public MetricValue precision() {
        return MetricValue.ratio(truePositive, truePositive + falsePositive, "no positive prediction (TP + FP = 0)");
    }

    /** TP / (TP + FN); undefined without positive labels. */
    public MetricValue recall() {
        return MetricValue.ratio(truePositive, truePositive + falseNegative, "no positive label (TP + FN = 0)");
    }

    /** 2TP / (2TP + FP + FN), which equals the harmonic mean of precision and recall where both exist. */
    public MetricValue f1() {
        return MetricValue.ratio(2.0 * truePositive, 2.0 * truePositive + falsePositive + falseNegative,
                "no positive label and no positive prediction (2TP + FP + FN = 0)");
    }

    /** (TP + TN) / n; undefined for no cases. */
    public MetricValue accuracy() {
        return MetricValue.ratio(truePositive + trueNegative, total(), "no cases");
    }

    /** Counts of disjoint case sets add, so sites can share counts instead of predictions. */
    public ConfusionMatrix plus(ConfusionMatrix other) {
        return new ConfusionMatrix(truePositive + other.truePositive, falsePositive + other.falsePositive,
                trueNegative + other.trueNegative, falseNegative + other.falseNegative);
    }
}
