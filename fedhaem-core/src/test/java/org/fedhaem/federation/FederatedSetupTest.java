package org.fedhaem.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.fedhaem.data.Design;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.Schema;
import org.fedhaem.data.SiteColumns;
import org.fedhaem.data.SyntheticMds;
import org.fedhaem.data.Table;
import org.fedhaem.model.BaselineHazard;
import org.fedhaem.model.BinSums;
import org.fedhaem.model.FederatedBaseline;
import org.fedhaem.model.Network;
import org.fedhaem.model.NetworkSpec;
import org.fedhaem.simulation.InMemoryFleet;
import org.junit.jupiter.api.Test;

/**
 * The federated statistics through a fleet against the same computations called directly on the sites' data:
 * {@link Preprocessing#fitFromSummaries} over {@link SiteColumns} and the three steps of {@link FederatedBaseline}.
 * Equal, not close: the messages carry the same numbers and the coordinator merges them in the same order.
 */
class FederatedSetupTest {
    private static final Schema SCHEMA = Schema.survival("time", "event");
    private static final IntFunction<ModelSetup> MODEL = n -> ModelSetup.of(NetworkSpec.deepSurv(n),
            ModelSetup.Task.SURVIVAL);
    private static final Table TABLE = SyntheticMds.table(600, 21, true);
    private static final String[] NAMES = {"site1", "site2", "site3"};
    // 60/30/10 % of the rows, the first 80 % of each training
    private static final int[][] TRAIN = {range(0, 288), range(360, 504), range(540, 588)};
    private static final int[][] TEST = {range(288, 360), range(504, 540), range(588, 600)};

    private static List<SiteRunner> sites(Preprocessing spec) {
        List<SiteRunner> sites = new ArrayList<>();
        for (int s = 0; s < NAMES.length; s++) {
            sites.add(new SiteRunner(NAMES[s], TABLE, TRAIN[s], TEST[s], null, SCHEMA, spec, MODEL));
        }
        return sites;
    }

    private static FittedPreprocessing direct(Preprocessing spec) {
        List<SiteColumns> columns = new ArrayList<>();
        for (int s = 0; s < NAMES.length; s++) {
            columns.add(SiteColumns.of(NAMES[s], spec, TABLE, SCHEMA, TRAIN[s]));
        }
        return spec.fitFromSummaries(SCHEMA, columns);
    }

    @Test
    void preprocessingThroughTheFleetEqualsTheFitFromTheSitesColumns() {
        for (Preprocessing.Missing missing : new Preprocessing.Missing[] {Preprocessing.Missing.MEDIAN,
                Preprocessing.Missing.MEAN, Preprocessing.Missing.DROP}) {
            Preprocessing spec = new Preprocessing(missing, Preprocessing.Scaling.STANDARD, true);
            for (int threads : new int[] {1, 3}) {
                RecordingFleet recording;
                FittedPreprocessing fitted;
                try (InMemoryFleet fleet = new InMemoryFleet(sites(spec), threads)) {
                    recording = new RecordingFleet(fleet);
                    fitted = FederatedSetup.preprocessing(recording, spec, SCHEMA);
                }
                assertThat(fitted).as(missing + ", " + threads + " threads").isEqualTo(direct(spec));
                // Every exchange goes to all sites at once, in fleet order: the summaries, the rounds of rank
                // counts (at most 64: every fitted numeric column holds its median), then the fitted preprocessing.
                List<List<StatisticsInstruction.Question>> sent = recording.questions();
                assertThat(sent.size()).isBetween(3, 66);
                assertThat(sent.get(0)).allMatch(StatisticsInstruction.Summarise.class::isInstance);
                assertThat(sent.subList(1, sent.size() - 1)).allMatch(round -> round.stream()
                        .allMatch(q -> q instanceof StatisticsInstruction.CountAtMost && q.equals(round.get(0))));
                assertThat(sent.get(sent.size() - 1)).containsOnly(new StatisticsInstruction.Prepare(fitted));
                assertThat(recording.recipients()).allMatch(s -> s.equals(List.of(NAMES)));
            }
        }
    }

    @Test
    void preprocessingPreparesEverySiteWithTheFittedDesigns() {
        Preprocessing spec = new Preprocessing(Preprocessing.Missing.MEDIAN, Preprocessing.Scaling.STANDARD, true);
        FittedPreprocessing expected = direct(spec);
        ModelSetup model = MODEL.apply(expected.features().size());
        double[] global = model.newNetwork(9).parameters().flatten();
        try (InMemoryFleet fleet = new InMemoryFleet(sites(spec), 2)) {
            FederatedSetup.preprocessing(fleet, spec, SCHEMA);
            List<EvaluateInstruction> evaluate = new ArrayList<>();
            for (String name : NAMES) {
                evaluate.add(new EvaluateInstruction(1, name, global));
            }
            List<Reply> replies = fleet.send(evaluate);
            for (int s = 0; s < NAMES.length; s++) {
                SiteRunner prepared = new SiteRunner(NAMES[s], expected.apply(TABLE, TRAIN[s]),
                        expected.apply(TABLE, TEST[s]), null, model);
                assertThat(replies.get(s)).isEqualTo(prepared.handle(evaluate.get(s)));
            }
        }
    }

    @Test
    void baselineThroughTheFleetEqualsTheDirectComputation() {
        Preprocessing spec = new Preprocessing(Preprocessing.Missing.MEDIAN, Preprocessing.Scaling.STANDARD, true);
        FittedPreprocessing fitted = direct(spec);
        Network network = MODEL.apply(fitted.features().size()).newNetwork(4);
        double[] global = network.parameters().flatten();
        BaselineHazard viaFleet;
        try (InMemoryFleet fleet = new InMemoryFleet(sites(spec), 3)) {
            FederatedSetup.preprocessing(fleet, spec, SCHEMA);
            viaFleet = FederatedSetup.baseline(fleet, global, 1.0, 60, 10);
        }

        List<Design> trains = new ArrayList<>();
        for (int[] rows : TRAIN) {
            trains.add(fitted.apply(TABLE, rows));
        }
        double[] max = new double[trains.size()];
        for (int s = 0; s < max.length; s++) {
            max[s] = FederatedBaseline.roundedMaxTime(trains.get(s).survival().time(), 1.0);
        }
        double[] grid = FederatedBaseline.equalGrid(max, 60);
        List<int[]> counts = new ArrayList<>();
        for (Design d : trains) {
            counts.add(FederatedBaseline.eventCounts(d.survival().time(), d.survival().event(), grid));
        }
        grid = FederatedBaseline.coarsen(grid, counts, 10);
        List<BinSums> sums = new ArrayList<>();
        for (Design d : trains) {
            sums.add(FederatedBaseline.site(d.survival().time(), d.survival().event(), network.predict(d.x()), grid));
        }
        BaselineHazard direct = FederatedBaseline.hazard(grid, sums);

        assertThat(direct.times().length).as("the grid was coarsened").isGreaterThan(1).isLessThan(60);
        assertThat(viaFleet.times()).isEqualTo(direct.times());
        assertThat(viaFleet.cumulativeHazard()).isEqualTo(direct.cumulativeHazard());
        assertThat(viaFleet.ties()).isEqualTo(direct.ties());
    }

    @Test
    void aFailingSiteStopsTheSetupWithItsNameAndReason() {
        Preprocessing spec = new Preprocessing(Preprocessing.Missing.MEDIAN, Preprocessing.Scaling.STANDARD, true);
        List<Site> sites = new ArrayList<>(sites(spec));
        sites.set(1, new Site() {
            @Override
            public String name() {
                return "site2";
            }

            @Override
            public Reply handle(Instruction instruction) {
                throw new IllegalStateException("disk full");
            }
        });
        try (InMemoryFleet fleet = new InMemoryFleet(sites, 2)) {
            assertThatThrownBy(() -> FederatedSetup.preprocessing(fleet, spec, SCHEMA))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("site site2 could not summarise its training rows: disk full");
        }
        // A site answering with the wrong kind of reply is named too.
        sites.set(1, new Site() {
            @Override
            public String name() {
                return "site2";
            }

            @Override
            public Reply handle(Instruction instruction) {
                return new StatisticsReply("site2", new StatisticsReply.Ready());
            }
        });
        try (InMemoryFleet fleet = new InMemoryFleet(sites, 2)) {
            assertThatThrownBy(() -> FederatedSetup.preprocessing(fleet, spec, SCHEMA))
                    .hasMessageStartingWith("site site2 was asked to summarise its training rows and answered "
                            + "StatisticsReply[site=site2, answer=Ready[]]");
        }
        // Sites that never received the preprocessing cannot send baseline statistics.
        try (InMemoryFleet fleet = new InMemoryFleet(sites(spec), 1)) {
            assertThatThrownBy(() -> FederatedSetup.baseline(fleet, new double[] {0}, 1.0, 10, 5))
                    .hasMessage("site site1 could not send its largest follow-up time: site site1 cannot compute "
                            + "baseline statistics before it has received the fitted preprocessing");
        }
    }

    /** A fleet that records what was sent, exchange by exchange. */
    private static final class RecordingFleet implements Fleet {
        private final Fleet fleet;
        private final List<List<StatisticsInstruction.Question>> questions = new ArrayList<>();
        private final List<List<String>> sites = new ArrayList<>();

        RecordingFleet(Fleet fleet) {
            this.fleet = fleet;
        }

        @Override
        public List<String> sites() {
            return fleet.sites();
        }

        @Override
        public List<Reply> send(List<? extends Instruction> instructions) {
            List<StatisticsInstruction.Question> q = new ArrayList<>();
            List<String> to = new ArrayList<>();
            for (Instruction in : instructions) {
                q.add(((StatisticsInstruction) in).question());
                to.add(in.site());
            }
            questions.add(q);
            sites.add(to);
            return fleet.send(instructions);
        }

        List<List<StatisticsInstruction.Question>> questions() {
            return questions;
        }

        List<List<String>> recipients() {
            return sites;
        }
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }
}
