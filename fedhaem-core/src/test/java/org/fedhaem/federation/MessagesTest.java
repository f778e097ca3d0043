package org.fedhaem.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.RankQuery;
import org.fedhaem.data.SiteSummary;
import org.fedhaem.metrics.Concordance;
import org.fedhaem.metrics.ConfusionMatrix;
import org.fedhaem.metrics.MetricValue;
import org.fedhaem.model.BinSums;
import org.fedhaem.strategy.FitSettings;
import org.fedhaem.strategy.SiteUpdate;
import org.junit.jupiter.api.Test;

class MessagesTest {
    private static final FitSettings SETTINGS = new FitSettings(1, 8, 0.1, 0, null);

    @Test
    void instructionsCopyTheirVectors() {
        double[] global = {1, 2, 3};
        FitInstruction fit = new FitInstruction(1, "site1", global, SETTINGS, 7);
        EvaluateInstruction eval = new EvaluateInstruction(1, "site1", global);
        global[0] = 99;
        fit.global()[1] = 99;
        eval.global()[1] = 99;
        assertThat(fit.global()).containsExactly(1, 2, 3);
        assertThat(eval.global()).containsExactly(1, 2, 3);
        assertThat(fit).isEqualTo(new FitInstruction(1, "site1", new double[] {1, 2, 3}, SETTINGS, 7))
                .isNotEqualTo(new FitInstruction(1, "site1", new double[] {1, 2, 3}, SETTINGS, 8));
    }

    @Test
    void instructionsAreValidated() {
        assertThatThrownBy(() -> new FitInstruction(-1, "site1", new double[1], SETTINGS, 1))
                .hasMessageContaining("round must be >= 0, got -1");
        assertThatThrownBy(() -> new FitInstruction(1, " ", new double[1], SETTINGS, 1))
                .hasMessageContaining("site must be a non-blank name");
        assertThatThrownBy(() -> new FitInstruction(1, "site1", new double[] {0, Double.NaN}, SETTINGS, 1))
                .hasMessageContaining("global[1] must be finite, got NaN");
        assertThatThrownBy(() -> new EvaluateInstruction(1, "site1", new double[] {Double.POSITIVE_INFINITY}))
                .hasMessageContaining("global[0] must be finite");
        assertThatThrownBy(() -> new FitInstruction(1, "site1", new double[1], null, 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("settings");
    }

    @Test
    void fitReplyCopiesItsUpdateAndChecksTheSite() {
        double[] p = {1, 2};
        double[] delta = {0.5, 0.5};
        FitReply reply = new FitReply(2, "site2", new SiteUpdate("site2", p, 10, 3, Map.of("control_delta", delta)),
                0.7);
        p[0] = 99;
        delta[0] = 99;
        reply.update().parameters()[1] = 99;
        assertThat(reply.update().parameters()).containsExactly(1, 2);
        assertThat(reply.update().extras().get("control_delta")).containsExactly(0.5, 0.5);
        assertThat(reply).isEqualTo(new FitReply(2, "site2",
                new SiteUpdate("site2", new double[] {1, 2}, 10, 3, Map.of("control_delta", new double[] {0.5, 0.5})),
                0.7));
        assertThatThrownBy(() -> new FitReply(2, "site2", new SiteUpdate("site3", p, 10, 3, null), 0.7))
                .hasMessageContaining("reply of site site2 carries an update of site site3");
    }

    @Test
    void failureNeedsAReason() {
        assertThatThrownBy(() -> new Failure(1, "site1", "")).hasMessageContaining("needs a reason");
        assertThat(new Failure(1, "site1", "boom").reason()).isEqualTo("boom");
    }

    @Test
    void evaluationsAreValidated() {
        assertThatThrownBy(() -> new SiteEvaluation.Survival(3, 4, Concordance.EMPTY))
                .hasMessageContaining("n=3, events=4");
        assertThatThrownBy(() -> new SiteEvaluation.Binary(5, 2, new ConfusionMatrix(1, 1, 1, 1), MetricValue.of(1)))
                .hasMessageContaining("counts 4 cases, n=5");
        assertThatThrownBy(() -> new SiteEvaluation.Binary(4, 1, new ConfusionMatrix(1, 1, 1, 1), MetricValue.of(1)))
                .hasMessageContaining("2 positive labels, positives=1");
    }

    /** Pooled C = (sum concordant + sum tied / 2) / sum comparable, by hand. */
    @Test
    void poolingSurvivalAddsPairCounts() {
        var a = new SiteEvaluation.Survival(3, 2, new Concordance(2, 1, 0, 0, 0));
        var b = new SiteEvaluation.Survival(2, 1, new Concordance(0, 0, 1, 0, 0));
        var pooled = (SiteEvaluation.Survival) SiteEvaluation.pool(List.of(a, b));
        assertThat(pooled.n()).isEqualTo(5);
        assertThat(pooled.events()).isEqualTo(3);
        assertThat(pooled.concordance()).isEqualTo(new Concordance(2, 1, 1, 0, 0));
        assertThat(pooled.c().value()).isEqualTo(2.5 / 4);
    }

    @Test
    void poolingBinaryAddsConfusionMatricesAndLeavesAucUndefined() {
        var a = new SiteEvaluation.Binary(4, 2, new ConfusionMatrix(1, 1, 1, 1), MetricValue.of(0.75));
        var b = new SiteEvaluation.Binary(3, 1, new ConfusionMatrix(1, 0, 2, 0), MetricValue.of(1.0));
        var pooled = (SiteEvaluation.Binary) SiteEvaluation.pool(List.of(a, b));
        assertThat(pooled.confusion()).isEqualTo(new ConfusionMatrix(2, 1, 3, 1));
        assertThat(pooled.positives()).isEqualTo(3);
        assertThat(pooled.f1().value()).isEqualTo(4.0 / 6); // 2TP / (2TP + FP + FN)
        assertThat(pooled.auc().isDefined()).isFalse();
        assertThat(pooled.auc().undefinedReason()).contains("sites share counts only");
        var empty = new SiteEvaluation.Binary(0, 0, new ConfusionMatrix(0, 0, 0, 0),
                MetricValue.undefined("no test rows"));
        assertThat(((SiteEvaluation.Binary) SiteEvaluation.pool(List.of(empty))).f1().isDefined()).isFalse();
        assertThatThrownBy(() -> SiteEvaluation.pool(List.of(a,
                new SiteEvaluation.Survival(1, 0, Concordance.EMPTY))))
                .hasMessageContaining("cannot pool survival and binary");
    }

    @Test
    void statisticsMessagesAreOutsideTheRoundsAndCopyTheirArrays() {
        double[] grid = {0, 1, 2.5};
        double[] global = {0.5, -1};
        var sumRisks = new StatisticsInstruction.SumRisks(grid, global);
        var countEvents = new StatisticsInstruction.CountEvents(grid);
        grid[1] = 99;
        global[0] = 99;
        sumRisks.grid()[0] = 99;
        countEvents.grid()[0] = 99;
        assertThat(sumRisks.grid()).containsExactly(0, 1, 2.5);
        assertThat(sumRisks.global()).containsExactly(0.5, -1);
        assertThat(countEvents.grid()).containsExactly(0, 1, 2.5);
        assertThat(sumRisks).isEqualTo(new StatisticsInstruction.SumRisks(new double[] {0, 1, 2.5},
                new double[] {0.5, -1})).isNotEqualTo(new StatisticsInstruction.SumRisks(new double[] {0, 1, 2.5},
                new double[] {0.5, -2}));
        StatisticsInstruction in = new StatisticsInstruction("site1", countEvents);
        assertThat(in.round()).isZero();
        assertThat(in).isEqualTo(new StatisticsInstruction("site1",
                new StatisticsInstruction.CountEvents(new double[] {0, 1, 2.5})));

        List<RankQuery> queries = new ArrayList<>(List.of(new RankQuery("age", 60)));
        var ranks = new StatisticsInstruction.CountAtMost(queries);
        queries.add(new RankQuery("age", 70));
        assertThat(ranks.queries()).containsExactly(new RankQuery("age", 60));

        int[] counts = {3, 0, 2};
        var answer = new StatisticsReply.Counts(counts);
        counts[0] = 99;
        answer.counts()[1] = 99;
        assertThat(answer.counts()).containsExactly(3, 0, 2);
        assertThat(answer).isEqualTo(new StatisticsReply.Counts(new int[] {3, 0, 2}));
        StatisticsReply reply = new StatisticsReply("site1", answer);
        assertThat(reply.round()).isZero();
        assertThat(new StatisticsReply("site1", new StatisticsReply.Sums(new BinSums(new int[] {1},
                new double[] {0.5})))).isEqualTo(new StatisticsReply("site1",
                new StatisticsReply.Sums(new BinSums(new int[] {1}, new double[] {0.5}))));
        SiteSummary summary = new SiteSummary(Preprocessing.Missing.MEDIAN, 0, 0, 0, List.of());
        assertThat(new StatisticsReply.Summary(summary).summary()).isSameAs(summary);
    }

    @Test
    void statisticsMessagesAreValidated() {
        assertThatThrownBy(() -> new StatisticsInstruction(" ", new StatisticsInstruction.Summarise()))
                .hasMessageContaining("site must be a non-blank name");
        assertThatThrownBy(() -> new StatisticsInstruction("site1", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("question");
        assertThatThrownBy(() -> new StatisticsInstruction.CountAtMost(List.of()))
                .hasMessageContaining("at least one query");
        assertThatThrownBy(() -> new StatisticsInstruction.Prepare(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("preprocessing");
        assertThatThrownBy(() -> new StatisticsInstruction.MaxTimeRoundedTo(0))
                .hasMessageContaining("unit must be finite and > 0, got 0.0");
        assertThatThrownBy(() -> new StatisticsInstruction.MaxTimeRoundedTo(Double.POSITIVE_INFINITY))
                .hasMessageContaining("unit must be finite and > 0, got Infinity");
        assertThatThrownBy(() -> new StatisticsInstruction.CountEvents(new double[0]))
                .hasMessageContaining("grid must have at least one bin");
        assertThatThrownBy(() -> new StatisticsInstruction.CountEvents(new double[] {0, 2, 2}))
                .hasMessageContaining("strictly increasing; grid[2] = 2.0");
        assertThatThrownBy(() -> new StatisticsInstruction.CountEvents(new double[] {-1, 2}))
                .hasMessageContaining("grid[0] = -1.0");
        assertThatThrownBy(() -> new StatisticsInstruction.CountEvents(new double[] {0, Double.NaN}))
                .hasMessageContaining("grid[1] must be finite, got NaN");
        assertThatThrownBy(() -> new StatisticsInstruction.SumRisks(new double[] {0}, new double[] {Double.NaN}))
                .hasMessageContaining("global[0] must be finite");
        assertThatThrownBy(() -> new StatisticsReply("site1", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("answer");
        assertThatThrownBy(() -> new StatisticsReply.Counts(new int[] {1, -2}))
                .hasMessageContaining("counts[1] must be >= 0, got -2");
        assertThatThrownBy(() -> new StatisticsReply.MaxTime(-1))
                .hasMessageContaining("max time must be finite and >= 0, got -1.0");
        assertThatThrownBy(() -> new StatisticsReply.MaxTime(Double.NaN))
                .hasMessageContaining("got NaN");
        assertThatThrownBy(() -> new StatisticsReply.Summary(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("summary");
        assertThatThrownBy(() -> new StatisticsReply.Sums(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("sums");
    }
}
