package org.fedhaem.strategy;

import java.util.List;
import java.util.Map;

/**
 * FedAvgM's server SGD with momentum, as Flower computes it (Hsu et al. 2019, PyTorch SGD convention):
 * pseudo-gradient {@code g = x - aggregate}, {@code m = momentum * m + g} (m starts at 0, so round 1 gives
 * {@code m = g}), {@code x+ = x - lr * m}. With Flower's defaults (lr 1, momentum 0) the aggregate is returned as is.
 */
record MomentumStep(double learningRate, double momentum) implements ServerStep {
    static final String MOMENTUM = "momentum";

    @Override
    public StrategyState initialState(int length) {
        return new StrategyState(Map.of(MOMENTUM, new double[length]), 0);
    }

    @Override
    public Strategy.Aggregation apply(int round, double[] global, double[] aggregate, List<SiteUpdate> updates,
                                      StrategyState state, boolean[] trainable) {
        if (learningRate == 1.0 && momentum == 0.0) {
            return new Strategy.Aggregation(aggregate, state);
        }
        double[] m = ServerStep.stateVector(state, MOMENTUM, global.length);
        double[] next = new double[global.length];
        for (int j = 0; j < next.length; j++) {
            if (trainable[j]) {
                m[j] = momentum * m[j] + (global[j] - aggregate[j]);
                next[j] = global[j] - learningRate * m[j];
            }
        }
        return new Strategy.Aggregation(next, new StrategyState(Map.of(MOMENTUM, m), state.steps()));
    }
}
