package org.fedhaem.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StrategiesTest {
    private static final boolean[] ONE = {true};
    private static final boolean[] TWO = {true, true};
    private static final FitSettings BASE = new FitSettings(10, 512, 1e-3, 0, Map.of());

    private static SiteUpdate update(String site, long examples, double... parameters) {
        return new SiteUpdate(site, parameters, examples, 1, Map.of());
    }

    private static Strategy.Aggregation once(Strategy s, double[] global, SiteUpdate... updates) {
        return s.aggregate(1, global, List.of(updates), s.initialState(global));
    }

    @Test
    void fedAvgWeighsByExamples() {
        Strategy s = Strategies.create("fedavg", Map.of(), TWO);
        // (1*1 + 3*3) / 4, (1*2 + 3*6) / 4
        Strategy.Aggregation a = once(s, new double[] {0, 0}, update("a", 1, 1, 2), update("b", 3, 3, 6));
        assertThat(a.global()).containsExactly(2.5, 5.0);
        assertThat(a.state().steps()).isEqualTo(1);
    }

    @Test
    void fedAvgOfIdenticalUpdatesIsThatUpdate() {
        Strategy s = Strategies.create("fedavg", null, new boolean[] {true, true, true});
        double[] y = {0.3, -1.7, 42.0};
        assertThat(once(s, new double[3], update("a", 2656, y), update("b", 1328, y), update("c", 443, y)).global())
                .containsExactly(new double[] {0.3, -1.7, 42.0}, within(1e-14));
    }

    @Test
    void fedAvgMWithFlowerDefaultsIsFedAvgAndWithMomentumAccumulates() {
        Strategy plain = Strategies.create("fedavgm", Map.of(), ONE);
        assertThat(once(plain, new double[] {0}, update("a", 1, 1), update("b", 3, 3)).global())
                .containsExactly(2.5);

        Strategy s = Strategies.create("fedavgm", Map.of("server_momentum", 0.5), ONE);
        StrategyState st = s.initialState(new double[] {0});
        // round 1: aggregate 2, g = 0 - 2 = -2, m = -2, x = 0 - 1 * -2 = 2
        Strategy.Aggregation r1 = s.aggregate(1, new double[] {0}, List.of(update("a", 1, 1), update("b", 1, 3)), st);
        assertThat(r1.global()).containsExactly(2.0);
        assertThat(r1.state().vector("momentum")).containsExactly(-2.0);
        // round 2: aggregate 5, g = 2 - 5 = -3, m = 0.5 * -2 - 3 = -4, x = 2 + 4 = 6
        Strategy.Aggregation r2 = s.aggregate(2, r1.global(), List.of(update("a", 1, 5), update("b", 1, 5)),
                r1.state());
        assertThat(r2.global()).containsExactly(6.0);

        Strategy slow = Strategies.create("fedavgm", Map.of("server_learning_rate", 0.5), ONE);
        // g = -2, x = 0 - 0.5 * -2 = 1
        assertThat(once(slow, new double[] {0}, update("a", 1, 1), update("b", 1, 3)).global()).containsExactly(1.0);
    }

    @Test
    void fedProxSendsMuAndAveragesLikeFedAvg() {
        Strategy s = Strategies.create("fedprox", Map.of("mu", 0.5), ONE);
        FitSettings f = s.configure("a", 1, BASE, s.initialState(new double[] {0}));
        assertThat(f.proximalMu()).isEqualTo(0.5);
        assertThat(f.learningRate()).isEqualTo(1e-3);
        assertThat(f.localEpochs()).isEqualTo(10);
        assertThat(once(s, new double[] {0}, update("a", 1, 1), update("b", 3, 3)).global()).containsExactly(2.5);
        Strategy byDefault = Strategies.create("fedprox", Map.of(), ONE);
        assertThat(byDefault.configure("a", 1, BASE, StrategyState.EMPTY).proximalMu()).isEqualTo(0.1);
    }

    @Test
    void fedNovaNormalisesBySteps() {
        Strategy s = Strategies.create("fednova", Map.of(), ONE);
        // d_a = (0 - -2) / 2 = 1, d_b = (0 - -9) / 3 = 3, p = 1/4, 3/4, tau_eff = 2.75
        // x = 0 - 2.75 * (0.25 + 2.25) = -6.875
        Strategy.Aggregation a = once(s, new double[] {0},
                new SiteUpdate("a", new double[] {-2}, 1, 2, Map.of()),
                new SiteUpdate("b", new double[] {-9}, 3, 3, Map.of()));
        assertThat(a.global()).containsExactly(-6.875);
        assertThatThrownBy(() -> once(s, new double[] {0}, new SiteUpdate("a", new double[] {1}, 1, 0, Map.of())))
                .hasMessageContaining("site a took 0 optimizer steps");
    }

    private static SiteUpdate scaffold(String site, double[] y, double[] delta) {
        return new SiteUpdate(site, y, 5, 3, Map.of("control_delta", delta));
    }

    @Test
    void scaffoldMovesTheServerControlByTheSitesDeltas() {
        Strategy s = Strategies.create("scaffold", Map.of("num_sites", 4), TWO);
        StrategyState st = s.initialState(new double[2]);
        assertThat(s.configure("a", 1, BASE, st).extras().get("control")).containsExactly(0.0, 0.0);
        Strategy.Aggregation a = s.aggregate(1, new double[] {0, 0}, List.of(
                scaffold("a", new double[] {1, 2}, new double[] {0.2, 0.4}),
                scaffold("b", new double[] {3, 6}, new double[] {0.4, 0.0})), st);
        // x = 0 + 1 * mean(y - x) = (2, 4) unweighted; c = 0 + (0.2 + 0.4, 0.4 + 0) / 4
        assertThat(a.global()).containsExactly(2.0, 4.0);
        assertThat(a.state().vector("control")).containsExactly(new double[] {0.15, 0.1}, within(1e-15));
        FitSettings round2 = s.configure("b", 2, BASE.withExtras(Map.of("other", new double[] {7})), a.state());
        assertThat(round2.extras().get("control")).containsExactly(new double[] {0.15, 0.1}, within(1e-15));
        assertThat(round2.extras().get("other")).as("the experiment's extras are kept").containsExactly(7.0);

        // N defaults to the number of replies; server lr 0.5 halves the step
        Strategy half = Strategies.create("scaffold", Map.of("server_learning_rate", 0.5), TWO);
        Strategy.Aggregation b = half.aggregate(1, new double[] {0, 0}, List.of(
                scaffold("a", new double[] {1, 2}, new double[] {0.2, 0.4}),
                scaffold("b", new double[] {3, 6}, new double[] {0.4, 0.0})), half.initialState(new double[2]));
        assertThat(b.global()).containsExactly(1.0, 2.0);
        assertThat(b.state().vector("control")).containsExactly(new double[] {0.3, 0.2}, within(1e-15));

        assertThatThrownBy(() -> s.aggregate(1, new double[] {0, 0}, List.of(update("a", 1, 1, 1)), st))
                .hasMessageContaining("site a: SCAFFOLD needs extras['control_delta'] of length 2, got none");
    }

    /** Two rounds; round 1 aggregate x + 2, round 2 aggregate x + 1 (two sites with one example each). */
    private static double[] twoRounds(Strategy s) {
        StrategyState st = s.initialState(new double[] {0});
        Strategy.Aggregation r1 = s.aggregate(1, new double[] {0}, List.of(update("a", 1, 1), update("b", 1, 3)), st);
        double x1 = r1.global()[0];
        Strategy.Aggregation r2 = s.aggregate(2, r1.global(),
                List.of(update("a", 1, x1 + 1), update("b", 1, x1 + 1)), r1.state());
        return new double[] {x1, r2.global()[0]};
    }

    @Test
    void fedAdagradAsFlowerComputesIt() {
        // eta 0.1, tau 1e-9; d = 2: v = 4, x = 0.1 * 2 / (2 + 1e-9)
        // d = 1: v = 5, x += 0.1 * 1 / (sqrt(5) + 1e-9)
        double[] x = twoRounds(Strategies.create("fedadagrad", Map.of(), ONE));
        assertThat(x[0]).isCloseTo(0.09999999995, within(1e-15));
        assertThat(x[1]).isCloseTo(0.1447213594799958, within(1e-13));
    }

    @Test
    void fedAdamAsFlowerComputesItWithBiasCorrection() {
        // eta 0.1, b1 0.9, b2 0.99, tau 1e-9. Round 1, d = 2: m = 0.2, v = 0.04,
        // eta_1 = 0.1 * sqrt(1 - 0.99^2) / (1 - 0.9^2) = 0.07424597884..., x = eta_1 * 0.2 / (0.2 + 1e-9)
        // round 2, d = 1: m = 0.28, v = 0.0496, eta_2 = 0.1 * sqrt(1 - 0.99^3) / (1 - 0.9^3) = 0.0635940150...,
        // x += eta_2 * 0.28 / (sqrt(0.0496) + 1e-9)
        double[] x = twoRounds(Strategies.create("fedadam", Map.of(), ONE));
        assertThat(x[0]).isCloseTo(0.07424597846911694, within(1e-13));
        assertThat(x[1]).isCloseTo(0.1541987340157263, within(1e-13));
    }

    @Test
    void fedYogiAsFlowerComputesIt() {
        // eta 0.01, b1 0.9, b2 0.99, tau 1e-3, no bias correction. Round 1, d = 2: m = 0.2,
        // v = 0 - 0.01 * 4 * sign(0 - 4) = 0.04, x = 0.01 * 0.2 / (0.2 + 0.001) = 0.00995024875...
        // round 2, d = 1: m = 0.28, v = 0.04 - 0.01 * sign(0.04 - 1) = 0.05, x += 0.01 * 0.28 / (sqrt(0.05) + 0.001)
        double[] x = twoRounds(Strategies.create("fedyogi", Map.of(), ONE));
        assertThat(x[0]).isCloseTo(0.009950248756218905, within(1e-15));
        assertThat(x[1]).isCloseTo(0.0224164787548177, within(1e-13));
    }

    @Test
    void fedMedianIsRobustToAnOutlierSite() {
        Strategy s = Strategies.create("fedmedian", Map.of(), TWO);
        assertThat(once(s, new double[2], update("a", 1, 1, 10), update("b", 1, 2, -5), update("c", 100, 100, 0))
                .global()).containsExactly(2.0, 0.0);
    }

    @Test
    void fedTrimmedAvgCutsBetaOfEachTail() {
        Strategy s = Strategies.create("fedtrimmedavg", Map.of(), ONE);
        // beta 0.2, 5 sites: drop 1 and 100, mean(2, 3, 4)
        assertThat(once(s, new double[1], update("a", 1, 100), update("b", 1, 2), update("c", 1, 1),
                update("d", 1, 4), update("e", 1, 3)).global()).containsExactly(3.0);
        // 3 sites: floor(0.6) = 0 cut, the unweighted mean (1 + 2 + 9) / 3
        assertThat(once(s, new double[1], update("a", 5, 1), update("b", 1, 2), update("c", 1, 9)).global())
                .containsExactly(4.0);
    }

    private static SiteUpdate[] oneAttacker() {
        return new SiteUpdate[] {update("a", 2, 1, 1), update("b", 1, 1.2, 1), update("evil", 1, 50, -50),
                update("d", 1, 1, 1.2)};
    }

    @Test
    void krumPicksTheHonestUpdateWithOneAttacker() {
        Strategy s = Strategies.create("krum", Map.of("num_malicious", 1), TWO);
        // n - f - 2 = 1 nearest: a 0.04, b 0.04, d 0.04, evil > 4000; the tie goes to the first site
        assertThat(once(s, new double[2], oneAttacker()).global()).containsExactly(1.0, 1.0);
    }

    @Test
    void multiKrumAveragesTheKeptByExamples() {
        Strategy s = Strategies.create("multikrum", Map.of("num_malicious", 1), TWO);
        // keeps n - f = 3: a (2 examples), b, d: x = (2 + 1.2 + 1) / 4, y = (2 + 1 + 1.2) / 4
        assertThat(once(s, new double[2], oneAttacker()).global())
                .containsExactly(new double[] {1.05, 1.05}, within(1e-15));
        Strategy two = Strategies.create("multikrum", Map.of("num_malicious", 1, "num_to_keep", 2), TWO);
        // keeps a and b: ((2 + 1.2) / 3, (2 + 1) / 3)
        assertThat(once(two, new double[2], oneAttacker()).global())
                .containsExactly(new double[] {3.2 / 3, 1.0}, within(1e-15));
    }

    @Test
    void nonTrainableEntriesAreTheExampleWeightedMeanWhateverTheStrategy() {
        boolean[] mask = {true, false};
        // second entry: (1 * 1 + 3 * 4) / 4 = 3.25 for every strategy
        for (String name : List.of("fedavgm", "fedadam", "fedyogi", "fedadagrad", "fedmedian", "krum")) {
            Strategy s = Strategies.create(name, Map.of(), mask);
            Strategy.Aggregation a = once(s, new double[] {0, 5}, update("a", 1, 1, 1), update("b", 3, 3, 4));
            assertThat(a.global()[1]).as(name).isEqualTo(3.25);
            for (double[] v : a.state().vectors().values()) {
                assertThat(v[1]).as(name + " state on a non-trainable entry").isZero();
            }
        }
        // the trainable entry follows the strategy: median of 1, 2, 100 is 2 while the mask entry is the mean
        Strategy median = Strategies.create("fedmedian", Map.of(), mask);
        assertThat(once(median, new double[2], update("a", 1, 1, 1), update("b", 1, 2, 2), update("c", 2, 100, 10))
                .global()).containsExactly(2.0, 5.75);
        // SCAFFOLD keeps the control variate at zero there
        Strategy sc = Strategies.create("scaffold", Map.of(), mask);
        Strategy.Aggregation a = sc.aggregate(1, new double[] {0, 5}, List.of(
                scaffold("a", new double[] {1, 1}, new double[] {0.2, 9}),
                scaffold("b", new double[] {3, 4}, new double[] {0.4, 9})), sc.initialState(new double[2]));
        assertThat(a.global()).containsExactly(2.0, 2.5);
        assertThat(a.state().vector("control")).containsExactly(new double[] {0.3, 0.0}, within(1e-15));
    }

    @Test
    void stateRoundTripsThroughPlainValues() {
        Strategy s = Strategies.create("fedadam", Map.of(), TWO);
        double[] x0 = {0, 1};
        StrategyState st0 = s.initialState(x0);
        Strategy.Aggregation r1 = s.aggregate(1, x0, List.of(update("a", 1, 1, 2), update("b", 2, 3, -1)), st0);
        // what a checkpoint would hold: names, vectors as plain arrays, steps
        Map<String, double[]> saved = new HashMap<>();
        r1.state().vectors().forEach((k, v) -> saved.put(k, v.clone()));
        StrategyState restored = new StrategyState(saved, r1.state().steps());
        List<SiteUpdate> round2 = List.of(update("a", 1, 0.5, 0.5), update("b", 2, 0.2, 0.1));
        Strategy.Aggregation direct = s.aggregate(2, r1.global(), round2, r1.state());
        Strategy.Aggregation resumed = s.aggregate(2, r1.global(), round2, restored);
        assertThat(resumed.global()).containsExactly(direct.global());
        assertThat(resumed.state().vector("m")).containsExactly(direct.state().vector("m"));
        assertThat(resumed.state().vector("v")).containsExactly(direct.state().vector("v"));
        assertThat(direct.state().steps()).isEqualTo(2);
        // the state passed in is never changed
        assertThat(st0.vector("m")).containsExactly(0.0, 0.0);
        assertThat(r1.state().vector("m")).containsExactly(saved.get("m"));
    }

    @Test
    void selectSamplesWithoutReplacementInSiteOrderAndDeterministically() {
        List<String> sites = List.of("s1", "s2", "s3", "s4", "s5");
        Strategy s = Strategies.create("fedavg", Map.of("fraction_fit", 0.5, "min_fit_sites", 1), ONE);
        Set<List<String>> seen = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            List<String> a = s.select(sites, 1, new SplittableRandom(seed));
            assertThat(s.select(sites, 1, new SplittableRandom(seed))).isEqualTo(a);
            // floor(5 * 0.5) = 2 sites, distinct, in site order
            assertThat(a).hasSize(2).doesNotHaveDuplicates().isSubsetOf(sites);
            assertThat(sites.indexOf(a.get(0))).isLessThan(sites.indexOf(a.get(1)));
            seen.add(a);
        }
        assertThat(seen).as("different seeds choose different pairs").hasSizeGreaterThan(5);
        // min_fit_sites raises the count; fraction 1.0 takes every site
        Strategy atLeast3 = Strategies.create("fedavg", Map.of("fraction_fit", 0.2, "min_fit_sites", 3), ONE);
        assertThat(atLeast3.select(sites, 1, new SplittableRandom(7))).hasSize(3);
        Strategy all = Strategies.create("fedavg", Map.of(), ONE);
        assertThat(all.select(List.of("a", "b", "c"), 1, new SplittableRandom(1))).containsExactly("a", "b", "c");
        // fewer available than min_available_sites (default 2): nobody trains
        assertThat(all.select(List.of("a"), 1, new SplittableRandom(1))).isEmpty();
        assertThatThrownBy(() -> all.select(List.of("a", "a"), 1, new SplittableRandom(1)))
                .hasMessageContaining("distinct");
    }

    @Test
    void minRepliesDefaultsToMinFitSitesWithinTheSelection() {
        Strategy s = Strategies.create("fedavg", Map.of(), ONE);
        assertThat(s.minReplies(3)).isEqualTo(2);
        assertThat(s.minReplies(1)).isEqualTo(1);
        assertThat(s.minReplies(0)).isEqualTo(1);
        Strategy all = Strategies.create("fedavg", Map.of("min_replies", 3), ONE);
        assertThat(all.minReplies(3)).isEqualTo(3);
        assertThat(all.minReplies(2)).isEqualTo(2);
    }

    @Test
    void configureOverridesLocalTrainingWhenTheTableSaysSo() {
        Strategy s = Strategies.create("fedadam", Map.of("eta_l", 0.05, "local_epochs", 2, "batch_size", 64), ONE);
        FitSettings f = s.configure("a", 1, BASE, s.initialState(new double[1]));
        assertThat(f.learningRate()).isEqualTo(0.05);
        assertThat(f.localEpochs()).isEqualTo(2);
        assertThat(f.batchSize()).isEqualTo(64);
        assertThat(f.proximalMu()).isZero();
        FitSettings unchanged = Strategies.create("fedyogi", Map.of(), ONE).configure("a", 1, BASE, StrategyState.EMPTY);
        assertThat(unchanged).usingRecursiveComparison().isEqualTo(BASE);
    }

    @Test
    void resolvedOptionsFillInFlowerDefaults() {
        Map<String, Object> adam = Strategies.resolvedOptions("fedadam", Map.of("beta_1", 0.8));
        assertThat(adam).containsEntry("eta", 0.1).containsEntry("beta_1", 0.8).containsEntry("beta_2", 0.99)
                .containsEntry("tau", 1e-9).containsEntry("fraction_fit", 1.0).containsEntry("min_fit_sites", 2)
                .containsEntry("min_available_sites", 2);
        assertThat(Strategies.resolvedOptions("fedyogi", null)).containsEntry("eta", 0.01).containsEntry("tau", 1e-3);
        assertThat(Strategies.resolvedOptions("fedprox", null)).containsEntry("mu", 0.1);
        assertThat(Strategies.resolvedOptions("fedtrimmedavg", null)).containsEntry("beta", 0.2);
        assertThat(Strategies.resolvedOptions("fedavgm", null)).containsEntry("server_learning_rate", 1.0)
                .containsEntry("server_momentum", 0.0);
    }

    @Test
    void everyNamedStrategyBuildsAndReportsItsName() {
        for (String name : Strategies.NAMES) {
            assertThat(Strategies.create(name, Map.of(), ONE).name()).isEqualTo(name);
        }
    }

    @Test
    void clearErrorsForBadNamesKeysAndValues() {
        assertThatThrownBy(() -> Strategies.create("fedsgd", Map.of(), ONE))
                .hasMessageContaining("unknown strategy 'fedsgd'").hasMessageContaining("fedavg, fedavgm");
        assertThatThrownBy(() -> Strategies.create("fedavg", Map.of("muu", 1), ONE))
                .hasMessageContaining("unknown option strategy.fedavg.muu");
        assertThatThrownBy(() -> Strategies.create("fedtrimmedavg", Map.of("beta", 0.7), ONE))
                .hasMessageContaining("strategy.fedtrimmedavg.beta must be in [0.0, 0.5), got 0.7");
        assertThatThrownBy(() -> Strategies.create("fedprox", Map.of("mu", "lots"), ONE))
                .hasMessageContaining("strategy.fedprox.mu must be a number, got \"lots\"");
        assertThatThrownBy(() -> Strategies.create("krum", Map.of("num_malicious", 1.5), ONE))
                .hasMessageContaining("strategy.krum.num_malicious must be a whole number, got 1.5");
        assertThatThrownBy(() -> Strategies.create("fedavg", Map.of("fraction_fit", 0), ONE))
                .hasMessageContaining("strategy.fedavg.fraction_fit must be in (0.0, 1.0], got 0.0");
        assertThatThrownBy(() -> Strategies.create("fedadam", Map.of("beta_2", 1), ONE))
                .hasMessageContaining("strategy.fedadam.beta_2");
        assertThatThrownBy(() -> Strategies.create("fedadam", Map.of("eta_l", 0.1, "lr", 0.1), ONE))
                .hasMessageContaining("both set the site learning rate");
        assertThatThrownBy(() -> Strategies.create("krum", Map.of("num_to_keep", 2), ONE))
                .hasMessageContaining("unknown option strategy.krum.num_to_keep");
        assertThatThrownBy(() -> Strategies.create("fedavg", Map.of(), null))
                .hasMessageContaining("trainable mask");
        // mu belongs to fedprox only
        assertThatThrownBy(() -> Strategies.create("fedavg", Map.of("mu", 0.1), ONE))
                .hasMessageContaining("strategy.fedavg.mu");
    }

    @Test
    void aggregateRejectsInconsistentRounds() {
        Strategy s = Strategies.create("fedavg", Map.of(), TWO);
        StrategyState st = s.initialState(new double[2]);
        assertThatThrownBy(() -> s.aggregate(1, new double[2], List.of(), st)).hasMessageContaining("no site updates");
        assertThatThrownBy(() -> s.aggregate(1, new double[2], List.of(update("a", 1, 1)), st))
                .hasMessageContaining("site a sent 1 parameters, the model has 2");
        assertThatThrownBy(() -> s.aggregate(1, new double[2], List.of(update("a", 1, 1, 1), update("a", 1, 2, 2)), st))
                .hasMessageContaining("site a sent two updates");
        assertThatThrownBy(() -> s.aggregate(0, new double[2], List.of(update("a", 1, 1, 1)), st))
                .hasMessageContaining("numbered from 1");
        assertThatThrownBy(() -> s.initialState(new double[3])).hasMessageContaining("trainable mask has 2");
        assertThatThrownBy(() -> s.aggregate(1, new double[2], List.of(update("a", 1, 1, Double.NaN)), st))
                .hasMessageContaining("entry 1 is NaN");
        Strategy adam = Strategies.create("fedadam", Map.of(), TWO);
        assertThatThrownBy(() -> adam.aggregate(1, new double[2], List.of(update("a", 1, 1, 1)), StrategyState.EMPTY))
                .hasMessageContaining("needs vector 'm' of length 2");
    }

    @Test
    void optionMapsMayComeFromAParserWithLongsAndStrings() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("num_malicious", 1L);
        o.put("fraction_fit", "1.0");
        Strategy s = Strategies.create("krum", o, TWO);
        List<SiteUpdate> u = new ArrayList<>(List.of(oneAttacker()));
        assertThat(s.aggregate(1, new double[2], u, s.initialState(new double[2])).global()).containsExactly(1.0, 1.0);
    }
}
