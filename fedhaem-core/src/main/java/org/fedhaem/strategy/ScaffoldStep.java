package org.fedhaem.strategy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SCAFFOLD's server side (Karimireddy et al. 2020, Algorithm 1): the aggregate is the unweighted mean of the
 * sites' vectors, so {@code x+ = x + lr * (mean(y_i) - x)}; the server control variate moves by
 * {@code c+ = c + (1/N) * sum(control_delta_i)} = {@code c + (|S|/N) mean(control_delta_i)}, N the number of sites
 * (option {@code num_sites}; 0 = the number of replies, exact when every site takes part). Sites receive {@code c}
 * as {@code extras["control"]}, zero on non-trainable entries, and return {@code extras["control_delta"]}.
 */
record ScaffoldStep(double learningRate, int numSites) implements ServerStep {
    static final String CONTROL = "control";
    static final String CONTROL_DELTA = "control_delta";

    @Override
    public StrategyState initialState(int length) {
        return new StrategyState(Map.of(CONTROL, new double[length]), 0);
    }

    @Override
    public FitSettings configure(FitSettings settings, StrategyState state) {
        double[] c = state.vector(CONTROL);
        if (c == null) {
            throw new IllegalArgumentException("SCAFFOLD state has no control variate; start from initialState");
        }
        Map<String, double[]> extras = new LinkedHashMap<>(settings.extras());
        extras.put(CONTROL, c);
        return settings.withExtras(extras);
    }

    @Override
    public Strategy.Aggregation apply(int round, double[] global, double[] aggregate, List<SiteUpdate> updates,
                                      StrategyState state, boolean[] trainable) {
        double[] c = ServerStep.stateVector(state, CONTROL, global.length);
        int n = numSites > 0 ? numSites : updates.size();
        if (updates.size() > n) {
            throw new IllegalArgumentException(updates.size() + " SCAFFOLD replies but num_sites is " + n);
        }
        double[] sum = new double[global.length];
        for (SiteUpdate u : updates) {
            double[] delta = u.extras().get(CONTROL_DELTA);
            if (delta == null || delta.length != global.length) {
                throw new IllegalArgumentException("site " + u.site() + ": SCAFFOLD needs extras['" + CONTROL_DELTA
                        + "'] of length " + global.length + ", got "
                        + (delta == null ? "none" : "length " + delta.length));
            }
            for (int j = 0; j < sum.length; j++) {
                if (!Double.isFinite(delta[j])) {
                    throw new IllegalArgumentException("site " + u.site() + ": control_delta entry " + j + " is "
                            + delta[j]);
                }
                sum[j] += delta[j];
            }
        }
        double[] next = new double[global.length];
        for (int j = 0; j < next.length; j++) {
            if (trainable[j]) {
                next[j] = global[j] + learningRate * (aggregate[j] - global[j]);
                c[j] += sum[j] / n;
            }
        }
        return new Strategy.Aggregation(next, new StrategyState(Map.of(CONTROL, c), state.steps()));
    }
}
