package org.fedhaem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Cox fits on every survival set of oracle_full.json against R coxph (survival 3.5-3): coefficients and
 * log likelihoods against the eps = 1e-14 ("tight") fit, standard errors against the default fit.
 */
class CoxRegressionOracleTest {

    /** Relative tolerance on coefficients, with this absolute floor for coefficients near zero. */
    private static final double COEF_REL = 1e-6;
    private static final double COEF_FLOOR = 1e-9;
    private static final double LOGLIK_ABS = 1e-8;
    /**
     * R's SE come from its default eps = 1e-9 fit, whose coefficients are up to ~7e-7 (relative) away from the
     * optimum; the SE move with them by the same order, so the same 1e-6 relative bound applies.
     */
    private static final double SE_REL = 1e-6;

    @TestFactory
    List<DynamicTest> everySurvivalSetMatchesCoxph() {
        JsonNode survival = Oracle.full().get("survival");
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : Oracle.fieldNames(survival)) {
            for (Ties ties : Ties.values()) {
                tests.add(DynamicTest.dynamicTest(name + " " + ties, () -> check(name, survival.get(name), ties)));
            }
        }
        return tests;
    }

    private static void check(String name, JsonNode set, Ties ties) {
        RTable table = RTable.completeCases(Oracle.dir().resolve(set.get("csv").asText()));
        List<String> covariates = table.covariates("time", "event");
        assertThat(covariates).isEqualTo(Oracle.texts(set.get("covariates")));
        assertThat(table.n()).isEqualTo(set.get("n_used").asInt());
        JsonNode r = set.get("cox").get(ties.name().toLowerCase(Locale.ROOT));

        CoxFit fit = CoxRegression.fit(table.matrix(covariates), table.column("time"), table.flag("event"),
                covariates, ties, CoxRegression.Options.TIGHT);

        assertThat(fit.converged()).isTrue();
        double coefErr = 0;
        double seErr = 0;
        double[] se = fit.standardErrors();
        for (int j = 0; j < covariates.size(); j++) {
            String c = covariates.get(j);
            coefErr = Math.max(coefErr, Oracle.relError(fit.coefficient(c),
                    r.get("coefficients_tight").get(c).asDouble(), COEF_FLOOR));
            seErr = Math.max(seErr, Oracle.relError(se[j], r.get("se").get(c).asDouble(), 0));
            assertThat(fit.hazardRatios()[j]).isEqualTo(Math.exp(fit.coefficients()[j]));
        }
        double llErr = Math.abs(fit.logLikelihood() - r.get("loglik_tight").asDouble());
        double nullErr = Math.abs(fit.nullLogLikelihood() - r.get("loglik_null").asDouble());
        System.out.printf(Locale.ROOT, "cox %-9s %-7s coef rel %.2e  se rel %.2e  loglik %.2e  null %.2e  iter %d%n",
                name, ties, coefErr, seErr, llErr, nullErr, fit.iterations());
        assertThat(coefErr).as("max relative coefficient error").isLessThanOrEqualTo(COEF_REL);
        assertThat(seErr).as("max relative SE error").isLessThanOrEqualTo(SE_REL);
        assertThat(fit.logLikelihood()).isCloseTo(r.get("loglik_tight").asDouble(), within(LOGLIK_ABS));
        assertThat(fit.nullLogLikelihood()).isCloseTo(r.get("loglik_null").asDouble(), within(LOGLIK_ABS));

        // With R's default stopping rule the Newton path is R's, so the early-stopped estimate and its SE match too.
        CoxFit early = CoxRegression.fit(table.matrix(covariates), table.column("time"), table.flag("event"),
                covariates, ties, CoxRegression.Options.R_DEFAULT);
        double earlyCoefErr = 0;
        double earlySeErr = 0;
        for (int j = 0; j < covariates.size(); j++) {
            String c = covariates.get(j);
            earlyCoefErr = Math.max(earlyCoefErr, Oracle.relError(early.coefficient(c),
                    r.get("coefficients").get(c).asDouble(), COEF_FLOOR));
            earlySeErr = Math.max(earlySeErr, Oracle.relError(early.standardErrors()[j],
                    r.get("se").get(c).asDouble(), 0));
        }
        System.out.printf(Locale.ROOT, "cox %-9s %-7s R-default path: coef rel %.2e  se rel %.2e  iter %d (R %d)%n",
                name, ties, earlyCoefErr, earlySeErr, early.iterations(), r.get("iterations").asInt());
        assertThat(early.iterations()).isEqualTo(r.get("iterations").asInt());
        assertThat(earlyCoefErr).isLessThanOrEqualTo(1e-9);
        assertThat(earlySeErr).isLessThanOrEqualTo(1e-9);
    }
}
