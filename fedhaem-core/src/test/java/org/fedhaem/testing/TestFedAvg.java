package org.fedhaem.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.fedhaem.strategy.FitSettings;
import org.fedhaem.strategy.SiteUpdate;
import org.fedhaem.strategy.Strategy;
import org.fedhaem.strategy.StrategyState;

/**
 * Test-only FedAvg: every site trains with the base settings, the next global model is the example-weighted mean
 * of the updates (summed in the order given). Records which sites each aggregation saw, so tests can prove what
 * never reached it.
 */
public final class TestFedAvg implements Strategy {
    private final int minReplies;
    private final List<List<String>> aggregated = Collections.synchronizedList(new ArrayList<>());

    public TestFedAvg(int minReplies) {
        this.minReplies = minReplies;
    }

    /** The sites of each aggregation, in call order. */
    public List<List<String>> aggregated() {
        return List.copyOf(aggregated);
    }

    @Override
    public String name() {
        return "test-fedavg";
    }

    @Override
    public StrategyState initialState(double[] global) {
        return StrategyState.EMPTY;
    }

    @Override
    public List<String> select(List<String> available, int round, SplittableRandom rng) {
        return available;
    }

    @Override
    public int minReplies(int selected) {
        return Math.min(minReplies, selected);
    }

    @Override
    public FitSettings configure(String site, int round, FitSettings base, StrategyState state) {
        return base;
    }

    @Override
    public Aggregation aggregate(int round, double[] global, List<SiteUpdate> updates, StrategyState state) {
        List<String> sites = new ArrayList<>();
        double[] sum = new double[global.length];
        double total = 0;
        for (SiteUpdate u : updates) {
            sites.add(u.site());
            double[] p = u.parameters();
            for (int j = 0; j < sum.length; j++) {
                sum[j] += u.examples() * p[j];
            }
            total += u.examples();
        }
        aggregated.add(sites);
        for (int j = 0; j < sum.length; j++) {
            sum[j] /= total;
        }
        return new Aggregation(sum, new StrategyState(state.vectors(), state.steps() + 1));
    }
}
