package org.fedhaem.metrics;

import java.util.Arrays;

/**
 * ROC points from (0, 0) to (1, 1): point k predicts positive iff score &gt;= {@code thresholds[k]} (the distinct
 * scores, descending; the first threshold is +infinity, predicting nothing positive).
 */
public record RocCurve(double[] thresholds, double[] falsePositiveRate, double[] truePositiveRate) {

    public RocCurve {
        if (thresholds.length != falsePositiveRate.length || thresholds.length != truePositiveRate.length) {
            throw new IllegalArgumentException("ROC arrays differ in length: " + thresholds.length + ", "
                    + falsePositiveRate.length + ", " + truePositiveRate.length);
        }
        thresholds = thresholds.clone();
        falsePositiveRate = falsePositiveRate.clone();
        truePositiveRate = truePositiveRate.clone();
    }

    @Override
    public double[] thresholds() {
        return thresholds.clone();
    }

    @Override
    public double[] falsePositiveRate() {
        return falsePositiveRate.clone();
    }

    @Override
    public double[] truePositiveRate() {
        return truePositiveRate.clone();
    }

    /** Area under the points by trapezoids (equals the Mann-Whitney AUC, ties counting 1/2). */
    public double trapezoidArea() {
        double area = 0;
        for (int k = 1; k < thresholds.length; k++) {
            area += (falsePositiveRate[k] - falsePositiveRate[k - 1])
                    * (truePositiveRate[k] + truePositiveRate[k - 1]) / 2;
        }
        return area;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RocCurve r && Arrays.equals(thresholds, r.thresholds)
                && Arrays.equals(falsePositiveRate, r.falsePositiveRate)
                && Arrays.equals(truePositiveRate, r.truePositiveRate);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(thresholds) + Arrays.hashCode(falsePositiveRate))
                + Arrays.hashCode(truePositiveRate);
    }

    @Override
    public String toString() {
        return "RocCurve[" + thresholds.length + " points]";
    }
}
