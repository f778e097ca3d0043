package org.fedhaem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Site-only and pooled fits on the federated split files against oracle_splits.json. R fitted these with its default
 * stopping rules, so we fit with {@code R_DEFAULT} (the same Newton path) and also check that the fully converged fit
 * stays within 1e-6 relative of R's early-stopped values.
 */
class SplitModelsOracleTest {

    private static final double COEF_REL = 1e-6;
    private static final double COEF_FLOOR = 1e-9;

    @TestFactory
    List<DynamicTest> siteAndPooledModelsMatchR() {
        JsonNode splits = Oracle.splits().get("splits");
        List<DynamicTest> tests = new ArrayList<>();
        for (String split : Oracle.fieldNames(splits)) {
            JsonNode s = splits.get(split);
            List<String> covariates = Oracle.texts(s.get("covariates"));
            JsonNode models = s.get("models");
            for (String method : Oracle.fieldNames(models)) {
                for (String site : Oracle.fieldNames(models.get(method))) {
                    JsonNode r = models.get(method).get(site);
                    Path csv = Oracle.dir().resolve("splits").resolve(split).resolve(s.get("files").get(site).asText());
                    tests.add(DynamicTest.dynamicTest(split + " " + method + " " + site,
                            () -> check(split + " " + method + " " + site, csv, covariates, method, r)));
                }
            }
        }
        assertThat(tests).hasSize(2 * 4 + 2 * 4 + 4 + 2 * 5);
        return tests;
    }

    private static void check(String label, Path csv, List<String> covariates, String method, JsonNode r) {
        assertThat(r.get("valid").asBoolean()).isTrue();
        RTable t = RTable.completeCases(csv);
        assertThat(t.n()).isEqualTo(r.get("n_train").asInt());
        double[][] x = t.matrix(covariates);
        double errDefault = 0;
        double errTight = 0;
        if (method.equals("glm")) {
            LogisticFit early = LogisticRegression.fit(x, t.flag("label"), covariates, 0,
                    LogisticRegression.Options.R_DEFAULT);
            LogisticFit tight = LogisticRegression.fit(x, t.flag("label"), covariates, 0,
                    LogisticRegression.Options.TIGHT);
            for (String c : early.names()) {
                double expected = r.get("coefficients").get(c).asDouble();
                errDefault = Math.max(errDefault, Oracle.relError(early.coefficient(c), expected, COEF_FLOOR));
                errTight = Math.max(errTight, Oracle.relError(tight.coefficient(c), expected, COEF_FLOOR));
            }
            assertThat(early.deviance()).isCloseTo(r.get("deviance").asDouble(),
                    within(1e-8));
        } else {
            Ties ties = Ties.valueOf(method.toUpperCase(Locale.ROOT));
            CoxFit early = CoxRegression.fit(x, t.column("time"), t.flag("event"), covariates, ties,
                    CoxRegression.Options.R_DEFAULT);
            CoxFit tight = CoxRegression.fit(x, t.column("time"), t.flag("event"), covariates, ties,
                    CoxRegression.Options.TIGHT);
            for (String c : covariates) {
                double expected = r.get("coefficients").get(c).asDouble();
                errDefault = Math.max(errDefault, Oracle.relError(early.coefficient(c), expected, COEF_FLOOR));
                errTight = Math.max(errTight, Oracle.relError(tight.coefficient(c), expected, COEF_FLOOR));
            }
            assertThat(early.logLikelihood()).isCloseTo(r.get("loglik").asDouble(),
                    within(1e-8));
            assertThat(early.iterations()).isEqualTo(r.get("iterations").asInt());
        }
        System.out.printf(Locale.ROOT, "split %-28s coef rel: R-default path %.2e, tight %.2e%n", label, errDefault,
                errTight);
        assertThat(errDefault).isLessThanOrEqualTo(COEF_REL);
        assertThat(errTight).isLessThanOrEqualTo(COEF_REL);
    }
}
