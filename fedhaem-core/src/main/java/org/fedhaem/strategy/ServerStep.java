package org.fedhaem.strategy;

import java.util.List;

/**
 * The server optimizer of a strategy: turns the aggregate of the sites' vectors into the next global vector, with
 * its state passed in and returned. Entries where {@code trainable} is false are left to the caller (they become
 * the example-weighted mean) and keep zero state.
 */
interface ServerStep {

    /** No server optimizer: the aggregate is the next global vector. */
    ServerStep NONE = new ServerStep() {
        @Override
        public StrategyState initialState(int length) {
            return StrategyState.EMPTY;
        }

        @Override
        public Strategy.Aggregation apply(int round, double[] global, double[] aggregate, List<SiteUpdate> updates,
                                          StrategyState state, boolean[] trainable) {
            return new Strategy.Aggregation(aggregate, state);
        }
    };

    StrategyState initialState(int length);

    Strategy.Aggregation apply(int round, double[] global, double[] aggregate, List<SiteUpdate> updates,
                               StrategyState state, boolean[] trainable);

    /** What the step adds to a site's settings (SCAFFOLD's control variate); by default nothing. */
    default FitSettings configure(FitSettings settings, StrategyState state) {
        return settings;
    }

    /** The named state vector, checked to exist with the model's length. */
    static double[] stateVector(StrategyState state, String name, int length) {
        double[] v = state.vector(name);
        if (v == null || v.length != length) {
            throw new IllegalArgumentException("strategy state needs vector '" + name + "' of length " + length
                    + ", got " + (v == null ? "none" : "length " + v.length));
        }
        return v;
    }
}
