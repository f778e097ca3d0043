package org.fedhaem.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.fedhaem.metrics.Concordance;
import org.fedhaem.metrics.ConfusionMatrix;
import org.fedhaem.metrics.MetricValue;
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
}
