package org.fedhaem.strategy;

import java.util.List;

/** A pure aggregation of one round's site vectors (rows in site order) into one vector. */
@FunctionalInterface
interface Aggregator {
    double[] aggregate(double[] global, double[][] vectors, double[] examples, List<SiteUpdate> updates);
}
