package org.fedhaem.strategy;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A federated aggregation strategy: which sites train in a round, how each trains, and how their updates become
 * the next global parameters. Implementations are immutable; everything that changes between rounds lives in
 * {@link StrategyState}.
 */
public interface Strategy {

    /** The name used in experiment files and results, e.g. {@code fedavg}. */
    String name();

    /** The state before the first round, for global parameters {@code global}. */
    StrategyState initialState(double[] global);

    /** The sites that train in {@code round} (1-based), chosen from {@code available} with {@code rng}. */
    List<String> select(List<String> available, int round, SplittableRandom rng);

    /** The smallest number of replies with which a round still counts (k of n). */
    int minReplies(int selected);

    /** How {@code site} trains in {@code round}, starting from the experiment's {@code base} settings. */
    FitSettings configure(String site, int round, FitSettings base, StrategyState state);

    /**
     * The next global parameters and state from this round's updates, given in site order (so the sums, and so the
     * bits, never depend on which site answered first).
     */
    Aggregation aggregate(int round, double[] global, List<SiteUpdate> updates, StrategyState state);

    /** The result of one aggregation. */
    record Aggregation(double[] global, StrategyState state) {
    }
}
