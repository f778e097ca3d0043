package org.fedhaem.strategy;

import java.util.List;
import java.util.Map;

/**
 * FedAdagrad, FedAdam and FedYogi (Reddi et al. 2021) exactly as Flower computes them, with
 * {@code d = aggregate - x}, moments starting at 0:
 * <ul>
 * <li>Adagrad: {@code v += d^2}, {@code x+ = x + eta * d / (sqrt(v) + tau)};</li>
 * <li>Adam: {@code m = b1 m + (1-b1) d}, {@code v = b2 v + (1-b2) d^2},
 * {@code x+ = x + eta_t * m / (sqrt(v) + tau)} with Flower's bias-corrected
 * {@code eta_t = eta * sqrt(1 - b2^(t+1)) / (1 - b1^(t+1))}, t the server round (Flower 1.x; earlier Flower
 * versions used {@code eta} without correction);</li>
 * <li>Yogi: {@code m} as Adam, {@code v = v - (1-b2) d^2 sign(v - d^2)}, {@code x+ = x + eta * m / (sqrt(v) + tau)}
 * (Flower applies no bias correction here).</li>
 * </ul>
 */
record AdaptiveStep(Kind kind, double eta, double beta1, double beta2, double tau) implements ServerStep {
    static final String M = "m";
    static final String V = "v";

    enum Kind { ADAGRAD, ADAM, YOGI }

    @Override
    public StrategyState initialState(int length) {
        return new StrategyState(Map.of(M, new double[length], V, new double[length]), 0);
    }

    @Override
    public Strategy.Aggregation apply(int round, double[] global, double[] aggregate, List<SiteUpdate> updates,
                                      StrategyState state, boolean[] trainable) {
        double[] m = ServerStep.stateVector(state, M, global.length);
        double[] v = ServerStep.stateVector(state, V, global.length);
        double rate = kind == Kind.ADAM
                ? eta * Math.sqrt(1 - Math.pow(beta2, round + 1.0)) / (1 - Math.pow(beta1, round + 1.0))
                : eta;
        double[] next = new double[global.length];
        for (int j = 0; j < next.length; j++) {
            if (!trainable[j]) {
                continue;
            }
            double d = aggregate[j] - global[j];
            double d2 = d * d;
            switch (kind) {
                case ADAGRAD -> {
                    m[j] = d;
                    v[j] += d2;
                }
                case ADAM -> {
                    m[j] = beta1 * m[j] + (1 - beta1) * d;
                    v[j] = beta2 * v[j] + (1 - beta2) * d2;
                }
                case YOGI -> {
                    m[j] = beta1 * m[j] + (1 - beta1) * d;
                    v[j] = v[j] - (1 - beta2) * d2 * Math.signum(v[j] - d2);
                }
            }
            next[j] = global[j] + rate * m[j] / (Math.sqrt(v[j]) + tau);
        }
        return new Strategy.Aggregation(next, new StrategyState(Map.of(M, m, V, v), state.steps()));
    }
}
