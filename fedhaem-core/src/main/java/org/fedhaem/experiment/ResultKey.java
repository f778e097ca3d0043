package org.fedhaem.experiment;

/**
 * Which model was scored on which test set: the regime, the strategy (null unless federated), the data it was trained
 * on (a site name for isolated models, {@code all} otherwise) and the test set ({@code pooled}, {@code union},
 * {@code external} or a site name).
 */
record ResultKey(String regime, String strategy, String trainedOn, String test) {
}
