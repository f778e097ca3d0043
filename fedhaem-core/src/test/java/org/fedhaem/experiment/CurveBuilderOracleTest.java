package org.fedhaem.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedhaem.experiment.CurveBuilder.select;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedhaem.metrics.KaplanMeier;
import org.fedhaem.metrics.SurvivalInterval;
import org.fedhaem.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kaplan-Meier by risk tertile, the log-log interval and the numbers at risk against R
 * ({@code survfit(Surv(time, event) ~ group, conf.type = "log-log")}), fixtures written by
 * src/test/resources/oracle/riskgroups/riskgroups.R on real data from shared/data/r-datasets.
 */
class CurveBuilderOracleTest {
    private static final double TOLERANCE = 1e-12;

    @ParameterizedTest
    @CsvSource({"lung, lp_efron_round1", "mgus2, cov_age"})
    void riskGroupsMatchSurvfit(String set, String riskColumn) throws IOException, URISyntaxException {
        Path fixtures = Path.of(getClass().getResource("/oracle/riskgroups/riskgroups.R").toURI()).getParent();
        List<String[]> data = csv(SharedData.rDatasets().resolve("oracle/risk/" + set + "_risk.csv"));
        String[] header = data.remove(0);
        int n = data.size();
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        double[] risk = new double[n];
        int riskIndex = List.of(header).indexOf(riskColumn);
        for (int i = 0; i < n; i++) {
            time[i] = Double.parseDouble(data.get(i)[0]);
            event[i] = data.get(i)[1].equals("1");
            risk[i] = Double.parseDouble(data.get(i)[riskIndex]);
        }

        // The tertiles: R's stable order() and the same sizes, ties included (the rounded lp and age have many).
        int[] group = CurveBuilder.quantileGroups(risk, 3);
        List<String[]> rGroups = csv(fixtures.resolve(set + "_groups.csv"));
        rGroups.remove(0);
        for (int i = 0; i < n; i++) {
            assertThat(group[i] + 1).as(set + " row " + (i + 1)).isEqualTo(Integer.parseInt(rGroups.get(i)[1]));
        }

        Curves.RiskGroups curves = CurveBuilder.riskGroups("federated", "fedavg", time, event, risk);
        List<String[]> km = csv(fixtures.resolve(set + "_km.csv"));
        km.remove(0);
        double worst = 0;
        int[] steps = new int[3];
        for (String[] row : km) {
            int g = Integer.parseInt(row[0]) - 1;
            double t = Double.parseDouble(row[1]);
            Curves.Group mine = curves.groups().get(g);
            if (Integer.parseInt(row[3]) > 0) {
                int k = ++steps[g];
                assertThat(mine.time()[k]).as(set + " group " + g + " step " + k).isEqualTo(t);
                worst = Math.max(worst, check(mine.survival()[k], row[4], set + " S(" + t + ")"));
            }
            KaplanMeier groupKm = KaplanMeier.fit(select(time, group, g), select(event, group, g));
            assertThat(groupKm.atRiskAt(t)).as(set + " n.risk at " + t).isEqualTo(Integer.parseInt(row[2]));
            SurvivalInterval ci = SurvivalInterval.logLog(groupKm, t);
            worst = Math.max(worst, check(ci.estimate(), row[4], set + " S(" + t + ")"));
            worst = Math.max(worst, check(ci.lower(), row[5], set + " lower(" + t + ")"));
            worst = Math.max(worst, check(ci.upper(), row[6], set + " upper(" + t + ")"));
        }
        for (int g = 0; g < 3; g++) {
            assertThat(curves.groups().get(g).time()).as("0 then every event time").hasSize(steps[g] + 1);
            assertThat(curves.groups().get(g).time()[0]).isZero();
            assertThat(curves.groups().get(g).survival()[0]).isEqualTo(1.0);
        }

        // summary(fit, times = ...): survival, interval and numbers at risk at given times, the ticks among them.
        List<String[]> at = csv(fixtures.resolve(set + "_at.csv"));
        at.remove(0);
        List<Double> ticks = new ArrayList<>();
        for (double tick : curves.ticks()) {
            ticks.add(tick);
        }
        int tickRows = 0;
        for (String[] row : at) {
            int g = Integer.parseInt(row[0]) - 1;
            double t = Double.parseDouble(row[1]);
            KaplanMeier groupKm = KaplanMeier.fit(select(time, group, g), select(event, group, g));
            SurvivalInterval ci = SurvivalInterval.logLog(groupKm, t);
            worst = Math.max(worst, check(ci.estimate(), row[3], set + " S(" + t + ")"));
            worst = Math.max(worst, check(ci.lower(), row[4], set + " lower(" + t + ")"));
            worst = Math.max(worst, check(ci.upper(), row[5], set + " upper(" + t + ")"));
            int k = ticks.indexOf(t);
            if (k >= 0) {
                tickRows++;
                assertThat(curves.atRisk()[g][k]).as(set + " group " + g + " at risk at tick " + t)
                        .isEqualTo(Integer.parseInt(row[2]));
            }
        }
        assertThat(tickRows).as("every tick of every group is in the R fixture").isEqualTo(3 * ticks.size());
        System.out.printf("%s: max relative error of S and its log-log interval vs R %.3g%n", set, worst);
    }

    /** The relative error of {@code actual} against R's value ("NA" = NaN expected), asserted within tolerance. */
    private static double check(double actual, String expected, String what) {
        if (expected.equals("NA")) {
            assertThat(actual).as(what).isNaN();
            return 0;
        }
        double e = Double.parseDouble(expected);
        double err = e == 0 ? Math.abs(actual) : Math.abs(actual - e) / Math.abs(e);
        assertThat(err).as(what + ": " + actual + " vs R " + e).isLessThanOrEqualTo(TOLERANCE);
        return err;
    }

    static List<String[]> csv(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                rows.add(line.split(",", -1));
            }
        }
        return rows;
    }
}
