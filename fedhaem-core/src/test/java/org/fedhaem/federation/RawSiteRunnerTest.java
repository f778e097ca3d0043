package org.fedhaem.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.IntFunction;
import org.fedhaem.data.Design;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.RankQuery;
import org.fedhaem.data.Schema;
import org.fedhaem.data.SiteColumns;
import org.fedhaem.data.SyntheticMds;
import org.fedhaem.data.SyntheticScd;
import org.fedhaem.data.Table;
import org.fedhaem.model.FederatedBaseline;
import org.fedhaem.model.Network;
import org.fedhaem.model.NetworkSpec;
import org.fedhaem.strategy.FitSettings;
import org.junit.jupiter.api.Test;

/**
 * A site built from its raw table answers every instruction exactly (bit for bit) as the functions it stands for:
 * {@link SiteColumns} for the preprocessing's questions, {@link FederatedBaseline} for the baseline's, and a site
 * built from the designs the fitted preprocessing gives for training and evaluation.
 */
class RawSiteRunnerTest {
    private static final Schema SCHEMA = Schema.survival("time", "event");
    // Missing values, so the medians need rank counts; constant columns are allowed at a small site.
    private static final Preprocessing SPEC = new Preprocessing(Preprocessing.Missing.MEDIAN,
            Preprocessing.Scaling.STANDARD, true);
    private static final IntFunction<ModelSetup> MODEL = n -> ModelSetup.of(NetworkSpec.deepSurv(n),
            ModelSetup.Task.SURVIVAL);
    private static final Table TABLE = SyntheticMds.table(260, 7, true);
    private static final Table EXTERNAL = SyntheticMds.table(40, 8, true);
    private static final int[] TRAIN = range(0, 200);
    private static final int[] TEST = range(200, 260);
    private static final FitSettings SETTINGS = new FitSettings(2, 64, 1e-3, 0, null);

    private static SiteRunner rawSite() {
        return new SiteRunner("site1", TABLE, TRAIN, TEST, EXTERNAL, SCHEMA, SPEC, MODEL);
    }

    private static StatisticsReply.Answer ask(Site site, StatisticsInstruction.Question q) {
        Reply reply = site.handle(new StatisticsInstruction("site1", q));
        assertThat(reply).isInstanceOf(StatisticsReply.class);
        assertThat(reply.site()).isEqualTo("site1");
        return ((StatisticsReply) reply).answer();
    }

    @Test
    void preprocessingQuestionsAreAnsweredAsSiteColumnsDoes() {
        SiteRunner site = rawSite();
        SiteColumns direct = SiteColumns.of("site1", SPEC, TABLE, SCHEMA, TRAIN);
        assertThat(direct.summary().columns().stream().anyMatch(c -> c.missing() > 0))
                .as("the table has missing values").isTrue();
        var summary = (StatisticsReply.Summary) ask(site, new StatisticsInstruction.Summarise());
        assertThat(summary.summary()).isEqualTo(direct.summary());

        List<String> features = SyntheticMds.features();
        List<RankQuery> queries = List.of(new RankQuery(features.get(0), 60), new RankQuery(features.get(1), 0.5),
                new RankQuery(features.get(1), -1e9), new RankQuery(features.get(2), 1e9));
        var counts = (StatisticsReply.Counts) ask(site, new StatisticsInstruction.CountAtMost(queries));
        assertThat(counts.counts()).isEqualTo(direct.countAtMost(queries));
        assertThat(counts.counts()[2]).isZero();
    }

    @Test
    void trainingAndEvaluationWaitForThePreprocessingThenMatchASiteBuiltFromItsDesigns() {
        SiteRunner site = rawSite();
        FittedPreprocessing fitted = SPEC.fit(TABLE, SCHEMA, TRAIN);
        ModelSetup model = MODEL.apply(fitted.features().size());
        double[] global = model.newNetwork(3).parameters().flatten();
        FitInstruction fit = new FitInstruction(1, "site1", global, SETTINGS, 11);
        EvaluateInstruction evaluate = new EvaluateInstruction(1, "site1", global);

        assertThat(site.handle(fit)).isEqualTo(new Failure(1, "site1",
                "site site1 cannot train before it has received the fitted preprocessing"));
        assertThat(site.handle(evaluate)).isEqualTo(new Failure(1, "site1",
                "site site1 cannot evaluate before it has received the fitted preprocessing"));
        assertThat(site.handle(new StatisticsInstruction("site1", new StatisticsInstruction.MaxTimeRoundedTo(1))))
                .isEqualTo(new Failure(0, "site1", "site site1 cannot compute baseline statistics before it has "
                        + "received the fitted preprocessing"));

        assertThat(ask(site, new StatisticsInstruction.Prepare(fitted))).isEqualTo(new StatisticsReply.Ready());
        SiteRunner prepared = new SiteRunner("site1", fitted.apply(TABLE, TRAIN), fitted.apply(TABLE, TEST),
                fitted.apply(EXTERNAL), model);
        Reply trained = site.handle(fit);
        assertThat(trained).isInstanceOf(FitReply.class).isEqualTo(prepared.handle(fit));
        EvaluateReply evaluated = (EvaluateReply) site.handle(evaluate);
        assertThat(evaluated).isEqualTo(prepared.handle(evaluate));
        assertThat(evaluated.evaluation().n()).isEqualTo(TEST.length);
        assertThat(evaluated.external().n()).isEqualTo(EXTERNAL.rows());
    }

    @Test
    void baselineQuestionsAreAnsweredAsFederatedBaselineDoes() {
        SiteRunner site = rawSite();
        FittedPreprocessing fitted = SPEC.fit(TABLE, SCHEMA, TRAIN);
        ask(site, new StatisticsInstruction.Prepare(fitted));
        Design train = fitted.apply(TABLE, TRAIN);
        double[] time = train.survival().time();
        boolean[] event = train.survival().event();

        var max = (StatisticsReply.MaxTime) ask(site, new StatisticsInstruction.MaxTimeRoundedTo(0.5));
        assertThat(max.value()).isEqualTo(FederatedBaseline.roundedMaxTime(time, 0.5));
        double[] grid = FederatedBaseline.equalGrid(new double[] {max.value()}, 40);
        var counts = (StatisticsReply.Counts) ask(site, new StatisticsInstruction.CountEvents(grid));
        assertThat(counts.counts()).isEqualTo(FederatedBaseline.eventCounts(time, event, grid));

        Network network = MODEL.apply(fitted.features().size()).newNetwork(5);
        double[] global = network.parameters().flatten();
        double[] coarse = FederatedBaseline.coarsen(grid, List.of(counts.counts()), 5);
        var sums = (StatisticsReply.Sums) ask(site, new StatisticsInstruction.SumRisks(coarse, global));
        // the site's network from the flat parameters scores as the coordinator's network does
        assertThat(sums.sums()).isEqualTo(FederatedBaseline.site(time, event, network.predict(train.x()), coarse));
    }

    @Test
    void aSiteRefusesWhatItCannotAnswerWithAReason() {
        Design train = SPEC.fit(TABLE, SCHEMA, TRAIN).apply(TABLE, TRAIN);
        SiteRunner designsOnly = new SiteRunner("site1", train, null, null, MODEL.apply(train.columns()));
        assertThat(designsOnly.handle(new StatisticsInstruction("site1", new StatisticsInstruction.Summarise())))
                .isEqualTo(new Failure(0, "site1", "site site1 holds prepared designs, not the table that Summarise "
                        + "needs"));

        Schema binary = Schema.binary("label");
        Table scd = SyntheticScd.table(60, 3);
        SiteRunner logistic = new SiteRunner("site1", scd, range(0, 50), range(50, 60), null, binary, SPEC,
                n -> ModelSetup.of(NetworkSpec.linear(n, true), ModelSetup.Task.BINARY));
        ask(logistic, new StatisticsInstruction.Prepare(SPEC.fit(scd, binary, range(0, 50))));
        assertThat(logistic.handle(new StatisticsInstruction("site1", new StatisticsInstruction.MaxTimeRoundedTo(1))))
                .isEqualTo(new Failure(0, "site1", "site site1 has a binary outcome: a baseline hazard needs "
                        + "survival"));

        assertThatThrownBy(() -> new SiteRunner("site1", TABLE, new int[] {0, 260}, TEST, null, SCHEMA, SPEC, MODEL))
                .hasMessageContaining("site site1: training row 260 is outside 0..259");
        assertThatThrownBy(() -> new SiteRunner("site1", TABLE, TRAIN, new int[] {-1}, null, SCHEMA, SPEC, MODEL))
                .hasMessageContaining("site site1: test row -1 is outside 0..259");
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }
}
