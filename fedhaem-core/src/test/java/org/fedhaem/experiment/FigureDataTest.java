package org.fedhaem.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedhaem.data.Table;
import org.fedhaem.federation.SiteEvaluation;
import org.fedhaem.metrics.ConfusionMatrix;
import org.fedhaem.metrics.MetricValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data_summary and curves of results.json: the cuts by hand, then short real simulations. */
class FigureDataTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MDS = """
            name = "tiny-mds"
            task = "survival"
            seed = 3
            repeats = 2
            regimes = ["isolated", "federated", "centralized"]
            strategies = ["fedavg", "fedprox"]
            [data]
            synthetic = "mds"
            synthetic_rows = 600
            impute = "median"
            [split]
            sites = [0.5, 0.3, 0.2]
            test_fraction = 0.3
            [model]
            type = "deepsurv"
            hidden = [8]
            [training]
            lr = 1e-2
            batch_size = 64
            local_epochs = 2
            rounds = 2
            [evaluation]
            times = [1.0, 2.0, 3.0, 4.0]
            """;
    private static final String SCD = """
            name = "tiny-scd"
            task = "binary"
            seed = 3
            repeats = 2
            regimes = ["isolated", "federated", "centralized"]
            strategies = ["fedavg"]
            [data]
            synthetic = "scd"
            synthetic_rows = 300
            label = "label"
            [split]
            sites = [0.5, 0.3, 0.2]
            test_fraction = 0.3
            stratify = true
            [model]
            type = "logistic"
            [training]
            lr = 0.05
            batch_size = 16
            local_epochs = 2
            rounds = 3
            """;

    @TempDir
    static Path dir;
    private static ExperimentConfig mdsConfig;
    private static ExperimentResult mds;
    private static JsonNode mdsJson;
    private static ExperimentResult scd;
    private static JsonNode scdJson;

    @BeforeAll
    static void run() throws IOException {
        Path mdsFile = dir.resolve("mds.toml");
        Files.writeString(mdsFile, MDS);
        mdsConfig = ExperimentConfig.read(mdsFile);
        mds = new ExperimentRunner(mdsConfig, line -> { }).run(List.of("test"));
        mdsJson = JSON.valueToTree(ResultsWriter.toMap(mds));
        Path scdFile = dir.resolve("scd.toml");
        Files.writeString(scdFile, SCD);
        scd = new ExperimentRunner(ExperimentConfig.read(scdFile), line -> { }).run(List.of("test"));
        scdJson = JSON.valueToTree(ResultsWriter.toMap(scd));
    }

    @Test
    void tertilesSortByValueThenRowOrderWithTheRemainderToTheFirstGroups() {
        // sorted: 1 (row 1), 1 (row 3), 2 (row 2) | 2 (row 5), 2 (row 6) | 3 (row 0), 5 (row 4); sizes 3, 2, 2
        assertThat(CurveBuilder.quantileGroups(new double[] {3, 1, 2, 1, 5, 2, 2}, 3))
                .containsExactly(2, 0, 0, 0, 2, 1, 1);
        // -0.0 and 0.0 tie, so row order decides
        assertThat(CurveBuilder.quantileGroups(new double[] {0.0, -0.0, 0.0, -1}, 2)).containsExactly(0, 1, 1, 0);
        assertThat(CurveBuilder.quantileGroups(new double[] {4, 4, 4, 4, 4}, 3)).containsExactly(0, 0, 1, 1, 2);
        assertThatThrownBy(() -> CurveBuilder.quantileGroups(new double[] {1, 2}, 3)).hasMessageContaining("2 rows");
        assertThatThrownBy(() -> CurveBuilder.quantileGroups(new double[] {1, Double.NaN, 3}, 3))
                .hasMessageContaining("value 1");
    }

    @Test
    void aDeploymentsConfusionMatricesSumTheFirstUnitsPooledCountsOfEveryTrainedModel() throws IOException {
        Path file = dir.resolve("scd-cv.toml");
        Files.writeString(file, SCD.replace("test_fraction = 0.3", "cv_folds = 2\ncv_repeats = 2"));
        ExperimentConfig config = ExperimentConfig.read(file);
        ResultKey fedavg = new ResultKey("federated", "fedavg", "all", "pooled");
        ResultKey isolated = new ResultKey("isolated", null, "site1", "pooled");
        ResultKey broken = new ResultKey("isolated", null, "site2", "pooled");
        Map<ResultKey, List<SiteEvaluation>> counts = new LinkedHashMap<>();
        // Per-site rows are not curves: only "pooled" keys count. Units 3 and 4 are the second CV repetition.
        counts.put(new ResultKey("federated", "fedavg", "all", "site1"), List.of(binary(1, 1, 1, 1)));
        counts.put(isolated, List.of(binary(1, 2, 3, 4), binary(1, 0, 0, 1), binary(9, 9, 9, 9), binary(9, 9, 9, 9)));
        counts.put(broken, List.of(binary(1, 1, 1, 1), binary(1, 1, 1, 1)));
        counts.put(fedavg, List.of(binary(4, 3, 2, 1), binary(0, 1, 1, 0), binary(9, 9, 9, 9), binary(9, 9, 9, 9)));
        CurveBuilder.Built built = CurveBuilder.confusions(config, 1, counts, Set.of(broken), 2);
        assertThat(built.unavailable()).contains("ROC curves").contains("predictions stay at the sites");
        assertThat(built.curves().test()).isEqualTo("pooled");
        assertThat(built.curves().roc()).isNull();
        assertThat(built.curves().confusion()).containsExactly(
                new Curves.Confusion("isolated", null, "site1", 0.5, 2, 2, 3, 5),
                new Curves.Confusion("federated", "fedavg", "all", 0.5, 4, 4, 3, 1));
        Map<String, Object> json = new LinkedHashMap<>();
        new FigureData(mds.figures().dataSummary(), built.curves(), built.unavailable()).putInto(json);
        assertThat(json).containsKeys("curves", "curves_unavailable");

        Map<ResultKey, List<SiteEvaluation>> few = Map.of(fedavg, List.of(binary(1, 1, 1, 1)));
        assertThat(CurveBuilder.confusions(config, 1, few, Set.of(), 2))
                .isEqualTo(new CurveBuilder.Built(null, "the sites' test rows number 4, fewer than 5"));
        assertThat(CurveBuilder.confusions(config, 1, counts, Set.of(fedavg, isolated, broken), 2))
                .isEqualTo(new CurveBuilder.Built(null, "no model was scored on the sites' test rows"));
        assertThatThrownBy(() -> new FigureData(mds.figures().dataSummary(), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
    }

    private static SiteEvaluation binary(long tp, long fp, long tn, long fn) {
        return new SiteEvaluation.Binary((int) (tp + fp + tn + fn), (int) (tp + fn),
                new ConfusionMatrix(tp, fp, tn, fn), MetricValue.of(0.5));
    }

    @Test
    void ticksAreFiveToSevenNiceValuesCoveringTheLargestTime() {
        assertThat(CurveBuilder.ticks(1022)).containsExactly(0, 200, 400, 600, 800, 1000, 1200);
        assertThat(CurveBuilder.ticks(7.9)).containsExactly(0, 2, 4, 6, 8);
        assertThat(CurveBuilder.ticks(12.1)).containsExactly(0, 2.5, 5, 7.5, 10, 12.5);
        assertThat(CurveBuilder.ticks(6)).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(CurveBuilder.ticks(0.3)).containsExactly(0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3);
        assertThat(CurveBuilder.ticks(0)).containsExactly(0);
        for (double max = 0.013; max < 1e5; max *= 1.37) {
            double[] t = CurveBuilder.ticks(max);
            assertThat(t.length).as("ticks for %s", max).isBetween(5, 7);
            assertThat(t[t.length - 1]).isGreaterThanOrEqualTo(max);
            assertThat(t[t.length - 2]).isLessThan(max);
        }
        assertThatThrownBy(() -> CurveBuilder.ticks(-1)).hasMessageContaining("-1");
    }

    @Test
    void calibrationGroupsAreQuintilesOfPredictedSurvivalAgainstKaplanMeier() {
        // Ten patients, quintiles of 2 by predicted S: (0.05, 0.1), (0.2, 0.3), (0.4, 0.5), (0.6, 0.7), (0.8, 0.9).
        double[] predicted = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05};
        double[] time = {5, 5, 1, 3, 1, 1, 3, 4, 1, 3};
        boolean[] event = {false, false, true, false, true, false, true, true, true, false};
        List<Curves.CalibrationGroup> g = CurveBuilder.calibrationGroups(predicted, time, event, 2);
        assertThat(g).hasSize(5);
        assertThat(g).allSatisfy(x -> assertThat(x.n()).isEqualTo(2));
        assertThat(g.get(0).predicted()).isEqualTo(0.075, within(1e-15));
        assertThat(g.get(4).predicted()).isEqualTo(0.85, within(1e-15));
        // rows 8, 9: an event at 1 of 2 at risk -> 1/2; rows 6, 7: no event by 2 -> 1
        assertThat(g.get(0).observed()).isEqualTo(0.5);
        assertThat(g.get(1).observed()).isEqualTo(1.0);
        assertThat(g.get(1).observedLower()).isEqualTo(1.0);
        // rows 4, 5: an event and a censoring at 1 -> 1/2; rows 2, 3: event at 1 -> 1/2; rows 0, 1: 1
        assertThat(g.get(2).observed()).isEqualTo(0.5);
        assertThat(g.get(3).observed()).isEqualTo(0.5);
        assertThat(g.get(4).observed()).isEqualTo(1.0);
        assertThat(g.get(0).observedLower()).isLessThan(0.5);
        assertThat(g.get(0).observedUpper()).isGreaterThan(0.5);
    }

    @Test
    void survivalCurvesHaveTheDocumentedShape() {
        JsonNode c = mdsJson.get("curves");
        assertThat(c.get("repeat").asInt()).isEqualTo(1);
        assertThat(c.get("test").asText()).isEqualTo("union");
        assertThat(c.has("roc")).isFalse();
        int union = unionSize(0);
        JsonNode km = c.get("km_risk_groups");
        assertThat(km).hasSize(3);
        assertThat(List.of(km.get(0).get("strategy").asText(), km.get(1).get("strategy").asText(),
                km.get(2).get("regime").asText())).containsExactly("fedavg", "fedprox", "centralized");
        for (JsonNode model : km) {
            JsonNode groups = model.get("groups");
            assertThat(groups).hasSize(3);
            assertThat(groups.get(0).get("label").asText()).isEqualTo("low risk");
            assertThat(groups.get(2).get("label").asText()).isEqualTo("high risk");
            int n = 0;
            for (JsonNode g : groups) {
                n += g.get("n").asInt();
                assertThat(g.get("time")).hasSameSizeAs(g.get("survival"));
                assertThat(g.get("time").get(0).asDouble()).isZero();
                assertThat(g.get("survival").get(0).asDouble()).isEqualTo(1.0);
                // one step per distinct event time: at most as many steps as events, events at most n
                assertThat(g.get("events").asInt()).isBetween(g.get("time").size() - 1, g.get("n").asInt());
            }
            assertThat(n).isEqualTo(union);
            JsonNode atRisk = model.get("at_risk");
            assertThat(atRisk.get("times").size()).isBetween(5, 7);
            assertThat(atRisk.get("counts")).hasSize(3);
            for (int g = 0; g < 3; g++) {
                assertThat(atRisk.get("counts").get(g).get(0).asInt()).isEqualTo(groups.get(g).get("n").asInt());
            }
        }
        JsonNode calibration = c.get("calibration");
        assertThat(calibration).hasSize(3);
        for (JsonNode model : calibration) {
            // the middle value of evaluation.times = [1, 2, 3, 4] (the lower one of two)
            assertThat(model.get("time").asDouble()).isEqualTo(2.0);
            assertThat(model.get("groups")).hasSize(5);
            double last = -1;
            for (JsonNode g : model.get("groups")) {
                assertThat(g.get("predicted").asDouble()).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(last);
                last = g.get("predicted").asDouble();
                assertThat(g.get("observed_lower").asDouble()).isLessThanOrEqualTo(g.get("observed").asDouble());
                assertThat(g.get("observed_upper").asDouble()).isGreaterThanOrEqualTo(g.get("observed").asDouble());
            }
        }
    }

    @Test
    void binaryCurvesAgreeWithTheMetricsOfTheSameRun() {
        JsonNode c = scdJson.get("curves");
        assertThat(c.has("km_risk_groups")).isFalse();
        JsonNode roc = c.get("roc");
        // isolated site1..3, federated fedavg, centralized
        assertThat(roc).hasSize(5);
        assertThat(roc.get(0).get("trained_on").asText()).isEqualTo("site1");
        for (JsonNode r : roc) {
            JsonNode fpr = r.get("fpr");
            JsonNode tpr = r.get("tpr");
            assertThat(fpr.get(0).asDouble()).isZero();
            assertThat(tpr.get(0).asDouble()).isZero();
            assertThat(fpr.get(fpr.size() - 1).asDouble()).isEqualTo(1.0);
            assertThat(tpr.get(tpr.size() - 1).asDouble()).isEqualTo(1.0);
            double area = 0;
            for (int k = 1; k < fpr.size(); k++) {
                area += (fpr.get(k).asDouble() - fpr.get(k - 1).asDouble())
                        * (tpr.get(k).asDouble() + tpr.get(k - 1).asDouble()) / 2;
            }
            double auc = metric(scd, r, "union", "auc");
            assertThat(r.get("auc").asDouble()).isEqualTo(auc, within(1e-12));
            assertThat(area).isEqualTo(auc, within(1e-12));
        }
        JsonNode confusion = c.get("confusion");
        assertThat(confusion).hasSize(5);
        for (JsonNode m : confusion) {
            long tp = m.get("tp").asLong();
            long fp = m.get("fp").asLong();
            long tn = m.get("tn").asLong();
            long fn = m.get("fn").asLong();
            assertThat(m.get("threshold").asDouble()).isEqualTo(0.5);
            assertThat(tp + fp + tn + fn).isEqualTo(unionSize(scd, 0));
            assertThat(metric(scd, m, "pooled", "f1")).isEqualTo(2.0 * tp / (2.0 * tp + fp + fn));
            assertThat(metric(scd, m, "union", "accuracy")).isEqualTo((double) (tp + tn) / (tp + fp + tn + fn));
            assertThat(metric(scd, m, "pooled", "recall")).isEqualTo((double) tp / (tp + fn));
        }
    }

    @Test
    void dataSummaryCountsTheFirstRepeatsRowsAndDescribesTheRawTrainingColumns() {
        JsonNode d = mdsJson.get("data_summary");
        assertThat(d.get("repeat").asInt()).isEqualTo(1);
        assertThat(d.get("case_kind").asText()).isEqualTo("events");
        Cohort cohort = new Cohort(mdsConfig);
        List<SiteData> sites = cohort.units(0).get(0);
        assertThat(d.get("sites")).hasSize(3);
        int total = 0;
        for (int s = 0; s < 3; s++) {
            JsonNode site = d.get("sites").get(s);
            SiteData rows = sites.get(s);
            Table t = rows.table();
            assertThat(site.get("site").asText()).isEqualTo("site" + (s + 1));
            assertThat(site.get("train").asInt()).isEqualTo(rows.train().length);
            assertThat(site.get("test").asInt()).isEqualTo(rows.test().length);
            assertThat(site.get("n").asInt()).isEqualTo(rows.train().length + rows.test().length);
            assertThat(site.get("test_cases").asInt()).isEqualTo(events(t, rows.test()));
            assertThat(site.get("cases").asInt()).isEqualTo(events(t, rows.train()) + events(t, rows.test()));
            total += site.get("n").asInt();
            List<String> features = cohort.schema().featureColumns(t);
            assertThat(site.get("columns")).hasSize(features.size());
            for (JsonNode col : site.get("columns")) {
                double[] v = t.numeric(col.get("name").asText());
                int missing = 0;
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                double sum = 0;
                for (int r : rows.train()) {
                    if (Double.isNaN(v[r])) {
                        missing++;
                    } else {
                        min = Math.min(min, v[r]);
                        max = Math.max(max, v[r]);
                        sum += v[r];
                    }
                }
                int observed = rows.train().length - missing;
                assertThat(col.get("missing").asInt()).as(col.toString()).isEqualTo(missing);
                if (observed == 0) {
                    assertThat(col.get("mean").isNull()).as(col.toString()).isTrue();
                } else {
                    assertThat(col.get("min").asDouble()).as(col.toString()).isEqualTo(min);
                    assertThat(col.get("max").asDouble()).as(col.toString()).isEqualTo(max);
                    assertThat(col.get("mean").asDouble()).as(col.toString())
                            .isCloseTo(sum / observed, within(1e-12 * Math.max(1, Math.abs(max))));
                }
            }
        }
        assertThat(total).isEqualTo(600);
        // The synthetic MDS cohort has missing cells: the summary shows them.
        assertThat(d.findValues("missing").stream().mapToInt(JsonNode::asInt).sum()).isPositive();
    }

    @Test
    void figuresAreTheSameBitsWhateverTheThreadCount() throws IOException {
        ExperimentResult one = new ExperimentRunner(ExperimentConfig.read(dir.resolve("mds.toml"),
                List.of("training.threads=1")), line -> { }).run(List.of("test"));
        ExperimentResult four = new ExperimentRunner(ExperimentConfig.read(dir.resolve("mds.toml"),
                List.of("training.threads=4")), line -> { }).run(List.of("test"));
        String expected = figures(mds);
        assertThat(figures(one)).isEqualTo(expected);
        assertThat(figures(four)).isEqualTo(expected);
    }

    @Test
    void crossValidationGivesEachPatientOnceAndCalibrationTimeCanBeSet() throws IOException {
        ExperimentResult cv = new ExperimentRunner(ExperimentConfig.read(dir.resolve("mds.toml"),
                List.of("split.cv_folds=3", "split.cv_repeats=2", "repeats=1", "split.test_fraction=0",
                        "evaluation.calibration_time=1.5", "regimes=[\"federated\"]",
                        "strategies=[\"fedavg\"]")), line -> { }).run(List.of("test"));
        JsonNode c = JSON.valueToTree(ResultsWriter.toMap(cv)).get("curves");
        int n = 0;
        for (JsonNode g : c.get("km_risk_groups").get(0).get("groups")) {
            n += g.get("n").asInt();
        }
        assertThat(n).isEqualTo(600);
        assertThat(c.get("calibration").get(0).get("time").asDouble()).isEqualTo(1.5);
        // written back with the experiment as run, and read again
        Path again = dir.resolve("again.toml");
        Files.writeString(again, cv.config().toToml());
        assertThat(ExperimentConfig.read(again).evaluation().calibrationTime()).isEqualTo(1.5);
        assertThat(mdsConfig.evaluation().calibrationTime()).isNull();
        JsonNode d = JSON.valueToTree(ResultsWriter.toMap(cv)).get("data_summary");
        for (JsonNode site : d.get("sites")) {
            assertThat(site.get("n").asInt()).isEqualTo(site.get("train").asInt() + site.get("test").asInt());
        }
        assertThatThrownBy(() -> ExperimentConfig.read(dir.resolve("mds.toml"),
                List.of("evaluation.calibration_time=-1"))).hasMessageContaining("evaluation.calibration_time");
    }

    private static String figures(ExperimentResult r) throws IOException {
        java.util.Map<String, Object> root = new java.util.LinkedHashMap<>();
        r.figures().putInto(root);
        return JSON.writeValueAsString(root);
    }

    private static int events(Table t, int[] rows) {
        double[] e = t.numeric("event");
        int n = 0;
        for (int r : rows) {
            n += e[r] == 1 ? 1 : 0;
        }
        return n;
    }

    private static int unionSize(int repeat) {
        return unionSize(mds, repeat);
    }

    /** The first repeat's union test size, from the data summary. */
    private static int unionSize(ExperimentResult r, int repeat) {
        int n = 0;
        for (DataSummary.Site s : r.figures().dataSummary().sites()) {
            n += s.test();
        }
        return n;
    }

    private static double metric(ExperimentResult r, JsonNode model, String test, String metric) {
        return r.metrics().stream().filter(m -> m.repeat() == 1 && m.regime().equals(model.get("regime").asText())
                        && java.util.Objects.equals(m.strategy(), model.get("strategy").isNull() ? null
                        : model.get("strategy").asText())
                        && m.trainedOn().equals(model.get("trained_on") == null ? "all"
                        : model.get("trained_on").asText())
                        && m.test().equals(test) && m.metric().equals(metric))
                .findFirst().orElseThrow().value();
    }
}
