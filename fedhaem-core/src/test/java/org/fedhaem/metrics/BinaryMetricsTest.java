package org.fedhaem.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.fedhaem.random.Seeds;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void handCheckedConfusionMatrixAndMetrics() {
        boolean[] label = {T, T, T, F, F, F, F};
        double[] score = {0.9, 0.5, 0.7, 0.6, 0.2, 0.5, 0.1};
        // > 0.5: 0.9 (TP), 0.7 (TP), 0.6 (FP); 0.5 is not above the threshold (FN for case 2, TN for case 6)
        ConfusionMatrix m = BinaryMetrics.confusion(label, score);
        assertThat(m).isEqualTo(new ConfusionMatrix(2, 1, 3, 1));
        assertThat(m.precision().value()).isEqualTo(2.0 / 3);
        assertThat(m.recall().value()).isEqualTo(2.0 / 3);
        assertThat(m.f1().value()).isEqualTo(4.0 / 6);
        assertThat(m.accuracy().value()).isEqualTo(5.0 / 7);
        // pairs: 0.9 beats 4, 0.7 beats 4, 0.5 beats 2 and ties 1 -> (10 + 0.5) / 12
        assertThat(BinaryMetrics.auc(label, score).value()).isEqualTo(10.5 / 12);
    }

    @Test
    void undefinedMetricsCarryAReason() {
        ConfusionMatrix noPositives = BinaryMetrics.confusion(new boolean[] {F, F}, new double[] {0.1, 0.2});
        assertThat(noPositives.precision().isDefined()).isFalse();
        assertThat(noPositives.precision().undefinedReason()).contains("no positive prediction");
        assertThat(noPositives.recall().undefinedReason()).contains("no positive label");
        assertThat(noPositives.f1().value()).isNaN();
        assertThat(noPositives.accuracy().value()).isEqualTo(1.0);
        assertThat(BinaryMetrics.auc(new boolean[] {T, T}, new double[] {0.1, 0.2}).undefinedReason())
                .contains("both classes");
    }

    @Test
    void rocCurveByHand() {
        RocCurve roc = BinaryMetrics.rocCurve(new boolean[] {T, F, T, F}, new double[] {0.8, 0.8, 0.3, 0.1});
        assertThat(roc.thresholds()).containsExactly(Double.POSITIVE_INFINITY, 0.8, 0.3, 0.1);
        assertThat(roc.truePositiveRate()).containsExactly(0, 0.5, 1, 1);
        assertThat(roc.falsePositiveRate()).containsExactly(0, 0.5, 0.5, 1);
        assertThat(roc.trapezoidArea()).isEqualTo(0.625);
        assertThat(BinaryMetrics.auc(new boolean[] {T, F, T, F}, new double[] {0.8, 0.8, 0.3, 0.1}).value())
                .isEqualTo(0.625);
    }

    @Test
    void aucEqualsPairwiseCountOnRandomTiedScores() {
        for (int rep = 0; rep < 100; rep++) {
            SplittableRandom rng = Seeds.random(5, "auc-property", rep);
            int n = 2 + rng.nextInt(60);
            boolean[] label = new boolean[n];
            double[] score = new double[n];
            for (int i = 0; i < n; i++) {
                label[i] = i == 0 || (i != 1 && rng.nextBoolean());
                score[i] = rng.nextInt(5) / 4.0;
            }
            double wins = 0;
            long pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (label[i] && !label[j]) {
                        pairs++;
                        wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
                    }
                }
            }
            assertThat(BinaryMetrics.auc(label, score).value()).isEqualTo(wins / pairs);
            assertThat(BinaryMetrics.rocCurve(label, score).trapezoidArea()).isCloseTo(wins / pairs,
                    org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> BinaryMetrics.confusion(new boolean[] {T}, new double[] {0.1, 0.2}))
                .hasMessageContaining("length 2");
        assertThatThrownBy(() -> BinaryMetrics.auc(new boolean[] {T, F}, new double[] {0.1, Double.NaN}))
                .hasMessageContaining("score[1]");
        assertThatThrownBy(() -> BinaryMetrics.confusion(new boolean[] {T}, new double[] {0.1}, Double.NaN))
                .hasMessageContaining("threshold");
        assertThatThrownBy(() -> MetricValue.undefined(" ")).hasMessageContaining("reason");
    }
}
