package org.fedhaem.experiment;

/** One metric of one model on one test set in one repeat; {@code undefinedReason} is set when value is NaN. */
public record MetricRow(int repeat, String regime, String strategy, String trainedOn, String test, String metric,
                        double value, String undefinedReason) {
}
