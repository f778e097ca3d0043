package org.fedhaem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class BaselineHazardTest {

    private static final double[] TIME = {1, 2, 2, 3};
    private static final boolean[] EVENT = {true, true, true, false};

    @Test
    void breslowAndEfronStepsByHand() {
        double[] zero = new double[4];
        BaselineHazard breslow = BaselineHazard.estimate(TIME, EVENT, zero, Ties.BRESLOW);
        assertThat(breslow.times()).containsExactly(1, 2);
        // t = 1: 1 event / 4 at risk; t = 2: 2 events / 3 at risk
        assertThat(breslow.cumulativeHazard()).containsExactly(new double[] {0.25, 0.25 + 2.0 / 3}, within(1e-15));
        BaselineHazard efron = BaselineHazard.estimate(TIME, EVENT, zero, Ties.EFRON);
        // t = 2 under Efron: 1/3 + 1/(3 - 1/2 * 2)
        assertThat(efron.cumulativeHazard()).containsExactly(new double[] {0.25, 0.25 + 1.0 / 3 + 0.5},
                within(1e-15));
    }

    @Test
    void stepFunctionAndSurvival() {
        double[] eta = {0.5, -0.2, 0.1, 1.0};
        BaselineHazard h = BaselineHazard.estimate(TIME, EVENT, eta, Ties.BRESLOW);
        double s = Math.exp(0.5) + Math.exp(-0.2) + Math.exp(0.1) + Math.exp(1.0);
        double h1 = 1 / s;
        double h2 = h1 + 2 / (s - Math.exp(0.5));
        assertThat(h.cumulativeHazardAt(0.999)).isEqualTo(0);
        assertThat(h.cumulativeHazardAt(1)).isCloseTo(h1, within(1e-15));
        assertThat(h.cumulativeHazardAt(1.5)).isCloseTo(h1, within(1e-15));
        assertThat(h.cumulativeHazardAt(99)).isCloseTo(h2, within(1e-15));
        double[] grid = {0, 1, 2.5};
        double[][] curves = h.survivalCurves(new double[] {0, 2}, grid);
        assertThat(curves[0]).containsExactly(new double[] {1, Math.exp(-h1), Math.exp(-h2)}, within(1e-15));
        assertThat(curves[1]).containsExactly(h.survival(2, grid), within(0.0));
        assertThat(curves[1][2]).isCloseTo(Math.exp(-h2 * Math.exp(2)), within(1e-15));
        // adding a constant to every eta at estimation and prediction leaves the curves unchanged
        double[] shifted = {10.5, 9.8, 10.1, 11.0};
        BaselineHazard hs = BaselineHazard.estimate(TIME, EVENT, shifted, Ties.BRESLOW);
        assertThat(hs.survival(12, grid)).containsExactly(h.survival(2, grid), within(1e-14));
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        BaselineHazard h = BaselineHazard.estimate(TIME, EVENT, new double[] {0.5, -0.2, 0.1, 1.0}, Ties.EFRON);
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(h);
        assertThat(text).contains("\"times\"").contains("\"cumulativeHazard\"").contains("EFRON");
        assertThat(json.readValue(text, BaselineHazard.class)).isEqualTo(h);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> BaselineHazard.estimate(TIME, new boolean[4], new double[4], Ties.BRESLOW))
                .hasMessageContaining("No events");
        assertThatThrownBy(() -> BaselineHazard.estimate(TIME, EVENT, new double[3], Ties.BRESLOW))
                .hasMessageContaining("eta has 3");
        assertThatThrownBy(() -> BaselineHazard.estimate(TIME, EVENT, new double[] {0, Double.NaN, 0, 0},
                Ties.BRESLOW)).hasMessageContaining("eta[1]");
        assertThatThrownBy(() -> new BaselineHazard(new double[] {2, 1}, new double[] {0.1, 0.2}, Ties.BRESLOW))
                .hasMessageContaining("times[1]");
        assertThatThrownBy(() -> new BaselineHazard(new double[] {1, 2}, new double[] {0.3, 0.2}, Ties.BRESLOW))
                .hasMessageContaining("cumulativeHazard[1]");
        BaselineHazard h = BaselineHazard.estimate(TIME, EVENT, new double[4], Ties.BRESLOW);
        assertThatThrownBy(() -> h.cumulativeHazardAt(Double.NaN)).hasMessageContaining("NaN");
    }

    /** Fixtures written by src/test/resources/oracle/baseline/baseline.R (R 4.2.2, survival 3.5-3). */
    @Test
    void matchesRBasehazAndSurvfit() throws URISyntaxException, IOException {
        Path fixtures = Path.of(getClass().getResource("/oracle/baseline/baseline.R").toURI()).getParent();
        double worstH = 0;
        double worstS = 0;
        for (String set : List.of("aml", "mgus2")) {
            RTable data = RTable.completeCases(Oracle.dir().resolve("csv/survival/" + set + ".csv"));
            for (Ties ties : Ties.values()) {
                String stem = set + "_" + ties.name().toLowerCase(Locale.ROOT);
                List<String> covariates = data.covariates("time", "event");
                // R's coefficients, so that only the hazard estimator is under test; eta uncentred
                Map<String, Double> coef = namedValues(fixtures.resolve(stem + "_coef.csv"));
                assertThat(coef.keySet()).containsExactlyElementsOf(covariates);
                double[] beta = covariates.stream().mapToDouble(coef::get).toArray();
                double[][] x = data.matrix(covariates);
                double[] eta = LinearPredictor.of(x, beta, 0);
                BaselineHazard h = BaselineHazard.estimate(data.column("time"), data.flag("event"), eta, ties);

                RTable basehaz = RTable.completeCases(fixtures.resolve(stem + "_basehaz.csv"));
                double[] t = basehaz.column("time");
                double[] expected = basehaz.column("hazard");
                for (int k = 0; k < t.length; k++) {
                    double err = Oracle.relError(h.cumulativeHazardAt(t[k]), expected[k], 1e-300);
                    worstH = Math.max(worstH, err);
                    assertThat(err).as(stem + " H0(" + t[k] + ")").isLessThanOrEqualTo(1e-10);
                }
                RTable survfit = RTable.completeCases(fixtures.resolve(stem + "_survfit.csv"));
                for (double[] row : survfit.rows()) {
                    int patient = (int) row[0] - 1;
                    double s = h.survival(eta[patient], new double[] {row[1]})[0];
                    worstS = Math.max(worstS, Math.abs(s - row[2]));
                    assertThat(s).as(stem + " S(" + row[1] + " | row " + row[0] + ")").isCloseTo(row[2],
                            within(1e-10));
                }
            }
        }
        System.out.printf(Locale.ROOT, "baseline hazard vs R: H0 max rel %.2e, S(t|x) max abs %.2e%n", worstH, worstS);
    }

    /** A {@code name,value} CSV in file order. */
    private static Map<String, Double> namedValues(Path csv) throws IOException {
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            values.put(f[0], Double.parseDouble(f[1]));
        }
        return values;
    }
}
