package org.fedhaem.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fedhaem.data.Design;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Outcome;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.Schema;
import org.fedhaem.data.Table;
import org.fedhaem.data.TableReader;
import org.fedhaem.metrics.BinaryMetrics;
import org.fedhaem.metrics.Concordance;
import org.fedhaem.metrics.ConfusionMatrix;
import org.fedhaem.metrics.HarrellC;
import org.fedhaem.model.CoxFit;
import org.fedhaem.model.CoxRegression;
import org.fedhaem.model.LogisticFit;
import org.fedhaem.model.LogisticRegression;
import org.fedhaem.model.Ties;
import org.fedhaem.testing.SharedData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every site-only and pooled model of {@code oracle/oracle_splits.json}, run through the public pipeline a user's run
 * takes: TableReader, a Schema naming the split's covariates, Preprocessing(DROP, NONE) fitted on the training file
 * and applied unchanged to {@code test.csv}, then CoxRegression / LogisticRegression and the metrics. The fits use
 * the {@code R_DEFAULT} options because R stopped at its default tolerance: the same Newton/IRLS path gives R's
 * iterate, so the test risks and probabilities agree far below their tolerances.
 */
class SplitOracleTest {
    /** Relative tolerance of the uncentred test risk x'beta (R's coefficients carry ~1e-9 of stopping error). */
    private static final double RISK_REL = 1e-6;
    /** Relative error floor where x'beta is 0 (myeloid's reference group has risk exactly 0). */
    private static final double RISK_FLOOR = 1e-3;
    private static final double C_TOL = 1e-9;
    private static final double P_TOL = 1e-9;

    private static final Preprocessing AS_R = new Preprocessing(Preprocessing.Missing.DROP,
            Preprocessing.Scaling.NONE);

    @TestFactory
    List<DynamicTest> siteAndPooledModelsReproduceTheSplitOracle() {
        Path root = SharedData.rDatasets();
        JsonNode splits = OracleJson.read(root.resolve("oracle/oracle_splits.json")).get("splits");
        List<DynamicTest> tests = new ArrayList<>();
        for (String split : OracleJson.fieldNames(splits)) {
            JsonNode s = splits.get(split);
            Path dir = root.resolve("splits").resolve(split);
            JsonNode models = s.get("models");
            for (String method : OracleJson.fieldNames(models)) {
                for (String site : OracleJson.fieldNames(models.get(method))) {
                    String label = split + " " + method + " " + site;
                    tests.add(DynamicTest.dynamicTest(label,
                            () -> check(label, s, dir, site, method, models.get(method).get(site))));
                }
            }
        }
        // myeloid, mgus2: 3 sites + pooled, efron and breslow; bmt_hospital: 4 + pooled, both; pima: 3 + pooled, glm
        assertThat(tests).hasSize(2 * 4 * 2 + 2 * 5 + 4);
        return tests;
    }

    private static void check(String label, JsonNode split, Path dir, String site, String method, JsonNode r) {
        assertThat(r.get("valid").asBoolean()).as("R marks %s valid", label).isTrue();
        List<String> covariates = OracleJson.texts(split.get("covariates"));
        boolean survival = split.get("type").asText().equals("survival");
        Schema schema = (survival ? Schema.survival("time", "event") : Schema.binary("label"))
                .withFeatures(covariates);

        Table trainTable = TableReader.read(dir.resolve(split.get("files").get(site).asText()), schema);
        FittedPreprocessing prep = AS_R.fit(trainTable, schema, allRows(trainTable));
        Design train = prep.apply(trainTable);
        Table testTable = TableReader.read(dir.resolve(split.get("files").get("test").asText()), prep.schema());
        Design test = prep.apply(testTable);

        assertThat(train.features()).isEqualTo(covariates);
        assertThat(train.rows()).isEqualTo(r.get("n_train").asInt()).isEqualTo(split.get("sizes").get(site).asInt());
        assertThat(test.rows()).isEqualTo(split.get("test_n").asInt());
        if (survival) {
            checkCox(label, train, test, Ties.valueOf(method.toUpperCase(Locale.ROOT)), r, split);
        } else {
            checkLogistic(label, train, test, r, split);
        }
    }

    private static void checkCox(String label, Design train, Design test, Ties ties, JsonNode r, JsonNode split) {
        assertThat(train.survival().events()).isEqualTo(r.get("events_train").asInt());
        assertThat(test.survival().events()).isEqualTo(split.get("test_events_or_pos").asInt());
        CoxFit fit = CoxRegression.fit(train, ties, CoxRegression.Options.R_DEFAULT);
        assertThat(fit.converged()).isTrue();

        double[] risk = fit.linearPredictor(test.x());
        double[] rRisk = OracleJson.doubles(r.get("test_risk"));
        double riskErr = OracleJson.maxRelativeError(risk, rRisk, RISK_FLOOR);

        Outcome.Survival y = test.survival();
        Concordance ours = HarrellC.concordance(y.time(), y.event(), risk);
        Concordance onRRisk = HarrellC.concordance(y.time(), y.event(), rRisk);
        Concordance expected = counts(r.get("test_C_count"));
        double cErr = Math.abs(ours.c() - r.get("test_C").asDouble());
        System.out.printf(Locale.ROOT, "split %-28s test risk max rel err %.2e, |dC| %.2e, counts %s%n", label,
                riskErr, cErr, ours);

        assertThat(riskErr).as("%s test risk", label).isLessThanOrEqualTo(RISK_REL);
        assertThat(onRRisk).as("%s pair counts of R's own risk vector", label).isEqualTo(expected);
        assertThat(ours).as("%s pair counts of our risk vector", label).isEqualTo(expected);
        assertThat(ours.c()).as("%s test C", label).isCloseTo(r.get("test_C").asDouble(), within(C_TOL));
    }

    private static void checkLogistic(String label, Design train, Design test, JsonNode r, JsonNode split) {
        assertThat(train.binary().positives()).isEqualTo(r.get("pos_train").asInt());
        assertThat(test.binary().positives()).isEqualTo(split.get("test_events_or_pos").asInt());
        LogisticFit fit = LogisticRegression.fit(train, 0, LogisticRegression.Options.R_DEFAULT);
        assertThat(fit.converged()).isTrue();

        double[] p = fit.probabilities(test.x());
        double pErr = OracleJson.maxAbsoluteError(p, OracleJson.doubles(r.get("test_p")));
        boolean[] label01 = test.binary().label();
        ConfusionMatrix cm = BinaryMetrics.confusion(label01, p);
        double auc = BinaryMetrics.auc(label01, p).value();
        JsonNode m = r.get("test_metrics");
        System.out.printf(Locale.ROOT, "split %-28s test p max abs err %.2e, AUC %.17g (R Mann-Whitney %.17g)%n",
                label, pErr, auc, m.get("AUC_mann_whitney").asDouble());

        assertThat(pErr).as("%s test probabilities", label).isLessThanOrEqualTo(P_TOL);
        assertThat(cm).isEqualTo(new ConfusionMatrix(m.get("TP").asLong(), m.get("FP").asLong(),
                m.get("TN").asLong(), m.get("FN").asLong()));
        // Same integer counts and the same division as R's bin_metrics/auc_mw, so the doubles are identical.
        assertThat(cm.precision().value()).isEqualTo(m.get("precision").asDouble());
        assertThat(cm.recall().value()).isEqualTo(m.get("recall").asDouble());
        assertThat(cm.f1().value()).isEqualTo(m.get("F1").asDouble());
        assertThat(cm.accuracy().value()).isEqualTo(m.get("accuracy").asDouble());
        assertThat(auc).isEqualTo(m.get("AUC_mann_whitney").asDouble());
    }

    private static Concordance counts(JsonNode c) {
        return new Concordance(c.get("concordant").asLong(), c.get("discordant").asLong(), c.get("tied.x").asLong(),
                c.get("tied.y").asLong(), c.get("tied.xy").asLong());
    }

    static int[] allRows(Table table) {
        int[] rows = new int[table.rows()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
