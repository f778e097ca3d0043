package org.fedhaem.experiment;

/**
 * A metric over the repeats of one regime, strategy, model and test set: the {@code summary} entries of
 * {@code results.json}.
 */
public record SummaryRow(String regime, String strategy, String trainedOn, String test, String metric,
                         Summary summary) {
}
