package org.fedhaem.strategy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A strategy as the composition the design asks for: site sampling, local training settings, a pure aggregation
 * and a server step with explicit state. Entries the mask marks non-trainable (batch-norm running statistics)
 * always become the example-weighted mean of the sites' values, whatever the aggregation or server step.
 */
final class ComposedStrategy implements Strategy {
    private final String name;
    private final Sampling sampling;
    private final LocalTraining local;
    private final Aggregator aggregator;
    private final ServerStep step;
    private final boolean[] trainable;
    private final boolean allTrainable;

    ComposedStrategy(String name, Sampling sampling, LocalTraining local, Aggregator aggregator, ServerStep step,
                     boolean[] trainable) {
        this.name = name;
        this.sampling = sampling;
        this.local = local;
        this.aggregator = aggregator;
        this.step = step;
        this.trainable = trainable.clone();
        boolean all = true;
        for (boolean t : trainable) {
            all &= t;
        }
        this.allTrainable = all;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public StrategyState initialState(double[] global) {
        checkGlobal(global);
        return step.initialState(global.length);
    }

    @Override
    public List<String> select(List<String> available, int round, SplittableRandom rng) {
        checkRound(round);
        return sampling.select(available, rng);
    }

    @Override
    public int minReplies(int selected) {
        return sampling.minReplies(selected);
    }

    @Override
    public FitSettings configure(String site, int round, FitSettings base, StrategyState state) {
        checkRound(round);
        return step.configure(local.apply(base), state);
    }

    @Override
    public Aggregation aggregate(int round, double[] global, List<SiteUpdate> updates, StrategyState state) {
        checkRound(round);
        checkGlobal(global);
        if (state == null) {
            throw new IllegalArgumentException(name + ": state is null; start from initialState");
        }
        if (updates == null || updates.isEmpty()) {
            throw new IllegalArgumentException(name + ": round " + round + " has no site updates to aggregate");
        }
        int n = updates.size();
        double[][] vectors = new double[n][];
        double[] examples = new double[n];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            SiteUpdate u = updates.get(i);
            if (!seen.add(u.site())) {
                throw new IllegalArgumentException(name + ": site " + u.site() + " sent two updates in round "
                        + round);
            }
            if (u.parameters().length != global.length) {
                throw new IllegalArgumentException("site " + u.site() + " sent " + u.parameters().length
                        + " parameters, the model has " + global.length);
            }
            vectors[i] = u.parameters();
            examples[i] = u.examples();
        }
        Aggregation next = step.apply(round, global, aggregator.aggregate(global, vectors, examples, updates),
                updates, state, trainable);
        double[] x = next.global();
        if (!allTrainable) {
            double[] mean = Aggregate.weightedMean(vectors, examples);
            for (int j = 0; j < x.length; j++) {
                if (!trainable[j]) {
                    x[j] = mean[j];
                }
            }
        }
        return new Aggregation(x, new StrategyState(next.state().vectors(), state.steps() + 1));
    }

    private void checkGlobal(double[] global) {
        if (global == null || global.length != trainable.length) {
            throw new IllegalArgumentException(name + ": global vector has length "
                    + (global == null ? "null" : global.length) + ", the trainable mask has " + trainable.length);
        }
    }

    private static void checkRound(int round) {
        if (round < 1) {
            throw new IllegalArgumentException("rounds are numbered from 1, got " + round);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
