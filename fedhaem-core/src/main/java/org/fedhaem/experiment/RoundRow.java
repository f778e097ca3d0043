package org.fedhaem.experiment;

/**
 * One site's (or the pooled) metric of the global model after one federated round: the learning curve.
 * {@code site} is a site name or {@code pooled}; {@code trainLoss} is the round's example-weighted local loss.
 */
public record RoundRow(int repeat, int unit, String strategy, int round, String site, String metric, double value,
                       int n, double trainLoss, int replied, int failures) {
}
