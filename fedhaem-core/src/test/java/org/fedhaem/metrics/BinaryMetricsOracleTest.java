package org.fedhaem.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.fedhaem.testing.SharedData;
import org.junit.jupiter.api.Test;

/** Threshold metrics and AUC against the R oracle (bin_metrics / auc_mw in r-datasets/R/common.R). */
class BinaryMetricsOracleTest {

    @Test
    void everyScoreFileMatchesR() throws IOException {
        JsonNode binary = oracle().get("binary");
        SoftAssertions soft = new SoftAssertions();
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = binary.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> set = it.next();
            JsonNode scoreFile = set.getValue().get("score_file");
            if (scoreFile == null || scoreFile.isNull()) {
                continue; // wdbc: glm did not converge, so R wrote no score file
            }
            Csv csv = Csv.read(SharedData.rDatasets().resolve(scoreFile.get("file").asText()));
            compare(soft, set.getKey(), csv.flags("label"), csv.column("p"), scoreFile.get("metrics_on_file_values"));
            checked++;
        }
        soft.assertAll();
        assertThat(checked).isEqualTo(9);
    }

    @Test
    void pimaTrainedOnTrTestedOnTeMatchesR() throws IOException {
        JsonNode tt = oracle().get("binary_train_test").get("pima_mass_tr_to_te");
        JsonNode p = tt.get("test_predictions_p");
        double[] score = new double[p.size()];
        for (int i = 0; i < score.length; i++) {
            score[i] = p.get(i).asDouble();
        }
        boolean[] label = Csv.read(SharedData.rDatasets().resolve(tt.get("test_csv").asText())).flags("label");
        SoftAssertions soft = new SoftAssertions();
        compare(soft, "pima_mass_tr_to_te", label, score, tt.get("test_metrics"));
        soft.assertAll();
    }

    private static void compare(SoftAssertions soft, String name, boolean[] label, double[] score, JsonNode expected) {
        ConfusionMatrix m = BinaryMetrics.confusion(label, score, expected.get("threshold").asDouble());
        soft.assertThat(m).as(name).isEqualTo(new ConfusionMatrix(expected.get("TP").asLong(),
                expected.get("FP").asLong(), expected.get("TN").asLong(), expected.get("FN").asLong()));
        soft.assertThat(m.precision().value()).as(name + " precision").isEqualTo(expected.get("precision").asDouble());
        soft.assertThat(m.recall().value()).as(name + " recall").isEqualTo(expected.get("recall").asDouble());
        soft.assertThat(m.f1().value()).as(name + " F1").isEqualTo(expected.get("F1").asDouble());
        soft.assertThat(m.accuracy().value()).as(name + " accuracy").isEqualTo(expected.get("accuracy").asDouble());
        double auc = BinaryMetrics.auc(label, score).value();
        soft.assertThat(auc).as(name + " AUC").isEqualTo(expected.get("AUC_mann_whitney").asDouble());
        soft.assertThat(Math.abs(auc - expected.get("AUC_pROC").asDouble())).as(name + " AUC vs pROC")
                .isLessThanOrEqualTo(1e-15);
        soft.assertThat(Math.abs(BinaryMetrics.rocCurve(label, score).trapezoidArea() - auc))
                .as(name + " ROC trapezoid area").isLessThanOrEqualTo(1e-12);
    }

    private static JsonNode oracle() throws IOException {
        return new ObjectMapper().readTree(SharedData.rDatasets().resolve("oracle/oracle_full.json").toFile());
    }
}
