package org.fedhaem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import org.fedhaem.data.Design;
import org.fedhaem.data.Outcome;
import org.junit.jupiter.api.Test;

class CoxRegressionTest {

    private static final double[] TIME = {1, 1, 2, 3, 4, 5};
    private static final boolean[] EVENT = {true, true, false, true, true, false};
    private static final double[][] X = {{1, 2}, {0, 1}, {1, 0.5}, {0, 3}, {1, -1}, {0, 2}};

    @Test
    void logPartialLikelihoodAtZeroIsMinusLogOfRiskSetSizes() {
        double[] zero = new double[3];
        boolean[] all = {true, true, true};
        assertThat(CoxRegression.logPartialLikelihood(new double[] {1, 2, 3}, all, zero, Ties.BRESLOW))
                .isCloseTo(-Math.log(6), within(1e-15));
        // two tied events in a risk set of 3: Breslow -2 log 3, Efron -log 3 - log(3 - 1/2 * 2)
        assertThat(CoxRegression.logPartialLikelihood(new double[] {1, 1, 2}, all, zero, Ties.BRESLOW))
                .isCloseTo(-2 * Math.log(3), within(1e-15));
        assertThat(CoxRegression.logPartialLikelihood(new double[] {1, 1, 2}, all, zero, Ties.EFRON))
                .isCloseTo(-Math.log(6), within(1e-15));
    }

    @Test
    void efronLikelihoodMatchesTheTextbookFormula() {
        double a = 0.3;
        double b = -1.2;
        double c = 0.7;
        double ea = Math.exp(a);
        double eb = Math.exp(b);
        double ec = Math.exp(c);
        double expected = a + b - Math.log(ea + eb + ec) - Math.log(ea + eb + ec - (ea + eb) / 2);
        double[] eta = {a, b, c};
        double[] time = {1, 1, 2};
        boolean[] event = {true, true, false};
        assertThat(CoxRegression.logPartialLikelihood(time, event, eta, Ties.EFRON)).isCloseTo(expected, within(1e-14));
        // shifting the risk score changes nothing
        double[] shifted = {a + 50, b + 50, c + 50};
        assertThat(CoxRegression.logPartialLikelihood(time, event, shifted, Ties.EFRON))
                .isCloseTo(expected, within(1e-13));
    }

    @Test
    void scoreIsZeroAtTheEstimateAndLikelihoodRises() {
        for (Ties ties : Ties.values()) {
            CoxFit fit = CoxRegression.fit(X, TIME, EVENT, List.of("a", "b"), ties, CoxRegression.Options.TIGHT);
            assertThat(fit.converged()).isTrue();
            assertThat(fit.logLikelihood()).isGreaterThan(fit.nullLogLikelihood());
            double[] eta = fit.linearPredictor(X);
            assertThat(CoxRegression.logPartialLikelihood(TIME, EVENT, eta, ties))
                    .isCloseTo(fit.logLikelihood(), within(1e-12));
            // moving any coefficient a little lowers the likelihood (a maximum, not a saddle or minimum)
            for (int j = 0; j < 2; j++) {
                for (double h : new double[] {-1e-4, 1e-4}) {
                    double[] beta = fit.coefficients();
                    beta[j] += h;
                    double moved = CoxRegression.logPartialLikelihood(TIME, EVENT,
                            LinearPredictor.of(X, beta, 0), ties);
                    assertThat(moved).isLessThan(fit.logLikelihood());
                }
            }
        }
    }

    @Test
    void ridgePenaltySatisfiesItsStationarityCondition() {
        double l2 = 0.8;
        CoxFit fit = CoxRegression.fit(X, TIME, EVENT, List.of("a", "b"), Ties.EFRON,
                CoxRegression.Options.TIGHT.withL2(l2));
        double[] beta = fit.coefficients();
        // d/dbeta_j [logPL - l2/2 |beta|^2] = 0, checked by central differences of the public likelihood
        for (int j = 0; j < 2; j++) {
            double h = 1e-5;
            double[] up = beta.clone();
            double[] down = beta.clone();
            up[j] += h;
            down[j] -= h;
            double grad = (CoxRegression.logPartialLikelihood(TIME, EVENT, LinearPredictor.of(X, up, 0), Ties.EFRON)
                    - CoxRegression.logPartialLikelihood(TIME, EVENT, LinearPredictor.of(X, down, 0), Ties.EFRON))
                    / (2 * h);
            assertThat(grad - l2 * beta[j]).isCloseTo(0, within(1e-8));
        }
        CoxFit unpenalised = CoxRegression.fit(X, TIME, EVENT, List.of("a", "b"), Ties.EFRON,
                CoxRegression.Options.TIGHT);
        assertThat(Math.hypot(beta[0], beta[1]))
                .isLessThan(Math.hypot(unpenalised.coefficients()[0], unpenalised.coefficients()[1]));
    }

    @Test
    void fitsADesign() {
        Design design = new Design(List.of("a", "b"), X, new Outcome.Survival(TIME, EVENT));
        CoxFit fromDesign = CoxRegression.fit(design, Ties.EFRON, CoxRegression.Options.TIGHT);
        CoxFit fromArrays = CoxRegression.fit(X, TIME, EVENT, List.of("a", "b"), Ties.EFRON,
                CoxRegression.Options.TIGHT);
        assertThat(fromDesign.coefficients()).containsExactly(fromArrays.coefficients());
        assertThat(fromDesign.names()).containsExactly("a", "b");
        Design binary = new Design(List.of("a", "b"), X, new Outcome.Binary(EVENT));
        assertThatThrownBy(() -> CoxRegression.fit(binary, Ties.EFRON, CoxRegression.Options.TIGHT))
                .hasMessageContaining("Not a survival");
    }

    @Test
    void toParametersIsAWeightRowWithoutBias() {
        CoxFit fit = CoxRegression.fit(X, TIME, EVENT, List.of("a", "b"), Ties.BRESLOW, CoxRegression.Options.TIGHT);
        Parameters p = fit.toParameters();
        assertThat(p.names()).containsExactly("out.weight");
        assertThat(p.shape("out.weight")).containsExactly(1, 2);
        assertThat(p.get("out.weight")).containsExactly(fit.coefficients());
    }

    @Test
    void logPartialLikelihoodOfRLinearPredictorsEqualsRLogLik() {
        JsonNode survival = Oracle.full().get("survival");
        double worst = 0;
        for (String name : Oracle.fieldNames(survival)) {
            RTable risk = RTable.completeCases(Oracle.dir().resolve(
                    survival.get(name).get("risk_vectors").get("file").asText()));
            for (Ties ties : Ties.values()) {
                String key = ties.name().toLowerCase(Locale.ROOT);
                double expected = survival.get(name).get("cox").get(key).get("loglik").asDouble();
                double actual = CoxRegression.logPartialLikelihood(risk.column("time"), risk.flag("event"),
                        risk.column("lp_" + key), ties);
                worst = Math.max(worst, Math.abs(actual - expected));
                assertThat(actual).as(name + " " + ties).isCloseTo(expected, within(1e-8));
            }
        }
        System.out.printf(Locale.ROOT, "log partial likelihood of R lp vs R loglik: max abs error %.2e%n", worst);
    }

    @Test
    void monotoneLikelihoodIsAnErrorNotAHugeCoefficient() {
        // every event has x = 1, the largest value in its risk set: the likelihood rises for ever in beta
        double[] time = {1, 2, 3, 4, 5, 6};
        boolean[] event = {true, true, false, true, false, false};
        double[][] x = {{1, 0.3}, {1, -0.2}, {0, 0.1}, {1, 0.5}, {0, -0.4}, {0, 0.2}};
        for (Ties ties : Ties.values()) {
            for (CoxRegression.Options o : List.of(CoxRegression.Options.TIGHT, CoxRegression.Options.R_DEFAULT)) {
                assertThatThrownBy(() -> CoxRegression.fit(x, time, event, List.of("flag", "z"), ties, o))
                        .hasMessageContaining("Monotone likelihood").hasMessageContaining("'flag'");
            }
        }
        CoxFit ridge = CoxRegression.fit(x, time, event, List.of("flag", "z"), Ties.EFRON,
                CoxRegression.Options.TIGHT.withL2(0.1));
        assertThat(ridge.converged()).isTrue();
        assertThat(ridge.coefficient("flag")).isPositive();
    }

    @Test
    void rejectsBadInputWithClearMessages() {
        List<String> ab = List.of("a", "b");
        CoxRegression.Options o = CoxRegression.Options.TIGHT;
        assertThatThrownBy(() -> CoxRegression.fit(X, TIME, new boolean[6], ab, Ties.EFRON, o))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No events");
        double[] negative = TIME.clone();
        negative[2] = -1;
        assertThatThrownBy(() -> CoxRegression.fit(X, negative, EVENT, ab, Ties.EFRON, o))
                .hasMessageContaining("time[2]");
        double[][] nan = {{1, 2}, {0, 1}, {1, Double.NaN}, {0, 3}, {1, -1}, {0, 2}};
        assertThatThrownBy(() -> CoxRegression.fit(nan, TIME, EVENT, ab, Ties.EFRON, o))
                .hasMessageContaining("x[2][b]");
        double[][] constant = {{1, 2}, {1, 1}, {1, 0.5}, {1, 3}, {1, -1}, {1, 2}};
        assertThatThrownBy(() -> CoxRegression.fit(constant, TIME, EVENT, ab, Ties.EFRON, o))
                .hasMessageContaining("'a' is constant");
        double[][] collinear = {{1, 2, 3}, {0, 1, 1}, {1, 0.5, 1.5}, {0, 3, 3}, {1, -1, 0}, {0, 2, 2}};
        assertThatThrownBy(() -> CoxRegression.fit(collinear, TIME, EVENT, List.of("a", "b", "a_plus_b"),
                Ties.EFRON, o)).hasMessageContaining("'a_plus_b'").hasMessageContaining("Singular");
        assertThatThrownBy(() -> CoxRegression.fit(X, TIME, EVENT, List.of("a"), Ties.EFRON, o))
                .hasMessageContaining("Row 0");
        assertThatThrownBy(() -> CoxRegression.fit(X, new double[5], EVENT, ab, Ties.EFRON, o))
                .hasMessageContaining("time has 5");
        assertThatThrownBy(() -> CoxRegression.logPartialLikelihood(TIME, EVENT, new double[6 - 1], Ties.EFRON))
                .hasMessageContaining("eta has 5");
        assertThatThrownBy(() -> new CoxRegression.Options(0, 1e-9, 0)).hasMessageContaining("maxIterations");
        assertThatThrownBy(() -> new CoxRegression.Options(20, 1e-9, -1)).hasMessageContaining("l2");
    }
}
