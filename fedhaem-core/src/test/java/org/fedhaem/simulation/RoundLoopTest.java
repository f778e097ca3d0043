package org.fedhaem.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.fedhaem.data.Design;
import org.fedhaem.data.SyntheticCohort;
import org.fedhaem.federation.FederatedRun;
import org.fedhaem.federation.FitInstruction;
import org.fedhaem.federation.FitReply;
import org.fedhaem.federation.Instruction;
import org.fedhaem.federation.ModelSetup;
import org.fedhaem.federation.Reply;
import org.fedhaem.federation.RoundListener;
import org.fedhaem.federation.RoundLoop;
import org.fedhaem.federation.RoundRecord;
import org.fedhaem.federation.Site;
import org.fedhaem.federation.SiteEvaluation;
import org.fedhaem.federation.SiteFailure;
import org.fedhaem.federation.SiteRunner;
import org.fedhaem.metrics.Concordance;
import org.fedhaem.model.Activation;
import org.fedhaem.model.Network;
import org.fedhaem.model.NetworkSpec;
import org.fedhaem.random.Seeds;
import org.fedhaem.strategy.FitSettings;
import org.fedhaem.strategy.SiteUpdate;
import org.fedhaem.strategy.StrategyState;
import org.fedhaem.testing.TestFedAvg;
import org.junit.jupiter.api.Test;

/** The whole round loop on three simulated DeepSurv sites with synthetic survival data. */
class RoundLoopTest {
    private static final double[] BETA = {0.8, -0.6, 0.4, 0.0, 0.3};
    private static final NetworkSpec SPEC = new NetworkSpec(5, new int[] {8, 8}, Activation.RELU, true, 0.2, false);
    private static final ModelSetup SETUP = ModelSetup.of(SPEC, ModelSetup.Task.SURVIVAL);
    private static final FitSettings BASE = new FitSettings(2, 32, 0.01, 0, null);
    private static final int[] TRAIN_ROWS = {160, 80, 40};
    private static final int[] TEST_ROWS = {60, 40, 30};

    private static List<Site> sites() {
        List<Site> sites = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            Design train = SyntheticCohort.survival(TRAIN_ROWS[s], BETA, 1.2, 0.1, 0.05, 100 + s);
            Design test = SyntheticCohort.survival(TEST_ROWS[s], BETA, 1.2, 0.1, 0.05, 200 + s);
            sites.add(new SiteRunner("site" + (s + 1), train, test, null, SETUP));
        }
        return sites;
    }

    private static double[] initial() {
        return new Network(SPEC, 1).parameters().flatten();
    }

    private static FederatedRun run(List<Site> sites, int threads, long seed, TestFedAvg strategy, int rounds) {
        try (InMemoryFleet fleet = new InMemoryFleet(sites, threads)) {
            RoundLoop loop = new RoundLoop(fleet, new RoundLoop.Options(2, RoundLoop.DEFAULT_MAX_UPDATE_NORM));
            return loop.run(strategy, initial(), rounds, BASE, seed, RoundListener.NONE);
        }
    }

    @Test
    void resultsAreBitIdenticalForOneAndFourThreadsAndForTheSameSeed() {
        FederatedRun one = run(sites(), 1, 42, new TestFedAvg(3), 4);
        FederatedRun four = run(sites(), 4, 42, new TestFedAvg(3), 4);
        FederatedRun again = run(sites(), 4, 42, new TestFedAvg(3), 4);
        FederatedRun otherSeed = run(sites(), 4, 43, new TestFedAvg(3), 4);

        assertThat(four.finalGlobal()).isEqualTo(one.finalGlobal());
        assertThat(four.history()).isEqualTo(one.history());
        assertThat(four).isEqualTo(one);
        assertThat(again).isEqualTo(four);
        assertThat(otherSeed.finalGlobal()).isNotEqualTo(one.finalGlobal());
        assertThat(otherSeed.history()).isNotEqualTo(one.history());

        // Evaluated at rounds 2 and 4 (eval every 2, and the last), with sensible, consistent figures.
        List<RoundRecord> rounds = one.history().rounds();
        assertThat(rounds).extracting(RoundRecord::evaluated).containsExactly(false, true, false, true);
        assertThat(rounds).allMatch(RoundRecord::aggregated);
        assertThat(one.state().steps()).isEqualTo(4);
        RoundRecord last = one.history().lastEvaluated();
        assertThat(last.round()).isEqualTo(4);
        assertThat(last.replied()).containsExactly("site1", "site2", "site3");
        assertThat(last.failures()).isEmpty();
        assertThat(last.meanTrainLoss()).isFinite();
        Concordance sum = Concordance.EMPTY;
        int n = 0;
        for (int s = 0; s < 3; s++) {
            var e = (SiteEvaluation.Survival) last.evaluations().get("site" + (s + 1));
            assertThat(e.n()).isEqualTo(TEST_ROWS[s]);
            sum = sum.plus(e.concordance());
            n += e.n();
        }
        var pooled = (SiteEvaluation.Survival) last.pooled();
        assertThat(pooled.concordance()).isEqualTo(sum);
        assertThat(pooled.n()).isEqualTo(n);
        assertThat(pooled.c().value()).as("pooled C of the trained federated model").isGreaterThan(0.6);
        System.out.printf("3-site DeepSurv, 4 rounds: pooled C %.4f, mean train loss %.4f%n", pooled.c().value(),
                last.meanTrainLoss());
    }

    @Test
    void fitSeedsAndSelectionFollowTheDocumentedDerivation() {
        List<Instruction> seen = Collections.synchronizedList(new ArrayList<>());
        List<Site> recording = new ArrayList<>();
        for (Site s : sites()) {
            recording.add(wrap(s, in -> {
                seen.add(in);
                return null;
            }, UnaryOperator.identity()));
        }
        List<String> events = new ArrayList<>();
        RoundListener listener = new RoundListener() {
            @Override
            public void roundStarted(int round, int rounds, List<String> selected) {
                events.add("start " + round + "/" + rounds + " " + selected);
            }

            @Override
            public void roundFinished(RoundRecord record, int rounds) {
                events.add("end " + record.round() + "/" + rounds);
            }
        };
        try (InMemoryFleet fleet = new InMemoryFleet(recording, 2)) {
            new RoundLoop(fleet, RoundLoop.Options.defaults()).run(new TestFedAvg(3), initial(), 2, BASE, 9,
                    listener);
        }
        List<FitInstruction> fits = seen.stream().filter(i -> i instanceof FitInstruction)
                .map(i -> (FitInstruction) i).toList();
        assertThat(fits).hasSize(6);
        for (FitInstruction f : fits) {
            int index = Integer.parseInt(f.site().substring(4)) - 1;
            assertThat(f.seed()).isEqualTo(Seeds.derive(9, "fit", index, f.round()));
            assertThat(f.settings()).isEqualTo(BASE);
        }
        assertThat(seen).hasSize(12); // 3 fits and 3 evaluations per round
        assertThat(events).containsExactly("start 1/2 [site1, site2, site3]", "end 1/2",
                "start 2/2 [site1, site2, site3]", "end 2/2");
    }

    @Test
    void aSiteThatThrowsIsAFailureAndTheRoundAggregatesTheOthers() {
        List<Site> sites = sites();
        sites.set(1, wrap(sites.get(1), in -> {
            if (in.round() == 2 && in instanceof FitInstruction) {
                throw new IllegalStateException("disk full at site2");
            }
            return null;
        }, UnaryOperator.identity()));
        TestFedAvg strategy = new TestFedAvg(2);
        FederatedRun run = run(sites, 3, 5, strategy, 3);
        RoundRecord round2 = run.history().round(2);
        assertThat(round2.failures()).containsExactly(
                new SiteFailure("site2", SiteFailure.Phase.FIT, "disk full at site2"));
        assertThat(round2.selected()).containsExactly("site1", "site2", "site3");
        assertThat(round2.replied()).containsExactly("site1", "site3");
        assertThat(round2.aggregated()).isTrue();
        assertThat(round2.evaluations()).containsOnlyKeys("site1", "site2", "site3");
        assertThat(strategy.aggregated()).containsExactly(List.of("site1", "site2", "site3"),
                List.of("site1", "site3"), List.of("site1", "site2", "site3"));
        assertThat(run.history().round(3).failures()).isEmpty();
    }

    @Test
    void corruptUpdatesAreRejectedWithAReasonAndNeverAggregated() {
        List<Site> sites = sites();
        sites.set(0, wrap(sites.get(0), in -> null, reply -> withParameters(reply, p -> {
            p[3] = Double.NaN;
            return p;
        })));
        sites.set(2, wrap(sites.get(2), in -> null, reply -> withParameters(reply, p -> new double[] {1, 2, 3})));
        TestFedAvg strategy = new TestFedAvg(1);
        FederatedRun run = run(sites, 2, 5, strategy, 2);
        for (RoundRecord r : run.history().rounds()) {
            assertThat(r.replied()).containsExactly("site2");
            assertThat(r.failures()).extracting(SiteFailure::site).containsExactly("site1", "site3");
            assertThat(r.failures().get(0).reason()).isEqualTo("update value 3 is not finite: NaN");
            assertThat(r.failures().get(1).reason()).startsWith("update has 3 values, the global model ");
        }
        assertThat(strategy.aggregated()).containsExactly(List.of("site2"), List.of("site2"));
        // The run equals FedAvg over site2 alone: nothing of the corrupt sites reached the aggregate.
        assertThat(run.finalGlobal()).isEqualTo(lastUpdateOfSite2(run));
    }

    /** Replays site2 alone, aggregating its update by itself each round. */
    private static double[] lastUpdateOfSite2(FederatedRun run) {
        Site site2 = sites().get(1);
        double[] global = initial();
        for (int round = 1; round <= run.history().rounds().size(); round++) {
            FitReply reply = (FitReply) site2.handle(new FitInstruction(round, "site2", global, BASE,
                    Seeds.derive(5, "fit", 1, round)));
            global = new TestFedAvg(1).aggregate(round, global, List.of(reply.update()), StrategyState.EMPTY)
                    .global();
        }
        return global;
    }

    @Test
    void misaddressedRepliesAndBadExtrasAreRejectedAndEvaluationFailuresRecorded() {
        List<Site> sites = sites();
        sites.set(0, wrap(sites.get(0), in -> null, reply -> reply instanceof FitReply f
                ? new FitReply(f.round() + 1, f.site(), f.update(), f.trainLoss()) : reply));
        sites.set(1, wrap(sites.get(1), in -> null, reply -> {
            if (!(reply instanceof FitReply f)) {
                return reply;
            }
            SiteUpdate u = f.update();
            return new FitReply(f.round(), f.site(), new SiteUpdate(u.site(), u.parameters(), u.examples(), u.steps(),
                    Map.of(SiteRunner.CONTROL_DELTA, new double[] {0.5})), f.trainLoss());
        }));
        sites.set(2, wrap(sites.get(2), in -> {
            if (!(in instanceof FitInstruction)) {
                throw new IllegalStateException("test file unreadable");
            }
            return null;
        }, UnaryOperator.identity()));
        TestFedAvg strategy = new TestFedAvg(1);
        RoundRecord r = run(sites, 2, 8, strategy, 1).history().round(1);
        assertThat(r.failures()).containsExactly(
                new SiteFailure("site1", SiteFailure.Phase.FIT,
                        "reply is for round 2 of site site1, expected round 1 of site site1"),
                new SiteFailure("site2", SiteFailure.Phase.FIT,
                        "extra control_delta has 1 values, the global model 192"),
                new SiteFailure("site3", SiteFailure.Phase.EVALUATE, "test file unreadable"));
        assertThat(r.replied()).containsExactly("site3");
        assertThat(strategy.aggregated()).containsExactly(List.of("site3"));
        assertThat(r.evaluations()).containsOnlyKeys("site1", "site2");
        var pooled = (SiteEvaluation.Survival) r.pooled();
        assertThat(pooled.n()).isEqualTo(TEST_ROWS[0] + TEST_ROWS[1]);
    }

    @Test
    void implausibleNormsAreRejected() {
        TestFedAvg strategy = new TestFedAvg(1);
        try (InMemoryFleet fleet = new InMemoryFleet(sites(), 2)) {
            RoundLoop loop = new RoundLoop(fleet, new RoundLoop.Options(1, 1e-9));
            FederatedRun run = loop.run(strategy, initial(), 1, BASE, 3, null);
            RoundRecord r = run.history().round(1);
            assertThat(r.failures()).hasSize(3).allSatisfy(f -> assertThat(f.reason()).contains("exceeds 1.0E-9"));
            assertThat(r.aggregated()).isFalse();
            assertThat(strategy.aggregated()).isEmpty();
            assertThat(run.finalGlobal()).isEqualTo(initial());
        }
    }

    @Test
    void tooFewRepliesKeepTheGlobalModelAndMarkTheRoundFailed() {
        List<Site> sites = sites();
        sites.set(2, wrap(sites.get(2), in -> {
            if (in instanceof FitInstruction) {
                throw new RuntimeException();
            }
            return null;
        }, UnaryOperator.identity()));
        TestFedAvg strategy = new TestFedAvg(3);
        try (InMemoryFleet fleet = new InMemoryFleet(sites, 3)) {
            RoundLoop loop = new RoundLoop(fleet, RoundLoop.Options.defaults());
            double[] global = initial();
            StrategyState state = new StrategyState(Map.of("m", new double[] {1.5}), 7);
            RoundLoop.Step step = loop.round(strategy, 1, 3, global, state, BASE, 11, null);
            assertThat(step.global()).isEqualTo(global);
            assertThat(step.state()).isSameAs(state);
            RoundRecord r = step.record();
            assertThat(r.aggregated()).isFalse();
            assertThat(r.failedReason()).isEqualTo("2 valid update(s) of 3 selected site(s), 3 needed; kept the "
                    + "global model");
            assertThat(r.failures()).containsExactly(
                    new SiteFailure("site3", SiteFailure.Phase.FIT, "java.lang.RuntimeException"));
            assertThat(r.replied()).containsExactly("site1", "site2");
            assertThat(strategy.aggregated()).isEmpty();
            // The kept model is still evaluated, at every site (site3 fails only when training).
            assertThat(r.evaluations()).containsOnlyKeys("site1", "site2", "site3");
        }
    }

    /** A site whose instructions pass through {@code before} (which may throw) and whose replies through after. */
    private static Site wrap(Site site, UnaryOperator<Instruction> before, UnaryOperator<Reply> after) {
        return new Site() {
            @Override
            public String name() {
                return site.name();
            }

            @Override
            public Reply handle(Instruction instruction) {
                before.apply(instruction);
                return after.apply(site.handle(instruction));
            }
        };
    }

    private static Reply withParameters(Reply reply, UnaryOperator<double[]> change) {
        if (!(reply instanceof FitReply f)) {
            return reply;
        }
        SiteUpdate u = f.update();
        return new FitReply(f.round(), f.site(), new SiteUpdate(u.site(), change.apply(u.parameters()), u.examples(),
                u.steps(), u.extras()), f.trainLoss());
    }
}
