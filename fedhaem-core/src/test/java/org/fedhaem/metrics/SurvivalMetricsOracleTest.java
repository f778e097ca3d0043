package org.fedhaem.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.fedhaem.metrics.AntoliniC.GridStep;
import org.fedhaem.metrics.AntoliniC.Method;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Uno's C, Kaplan-Meier, the IPCW Brier score / IBS and Antolini's C against the R fixture made by
 * src/test/resources/oracle/metrics/make_metrics_oracle.R (survival::concordance, survfit, and pair-by-pair R
 * transcriptions of Graf's Brier score and of pycox's concordance_td) on aml, gehan and myeloid with coxph curves.
 */
class SurvivalMetricsOracleTest {
    private static final double TOLERANCE = 1e-12;
    static final java.util.List<String> SETS = MetricsFixture.SETS;

    @ParameterizedTest
    @FieldSource("SETS")
    void unoMatchesRConcordanceWithTimewtNG2(String set) {
        MetricsFixture f = MetricsFixture.load(set);
        assertThat(HarrellC.concordance(f.time(), f.event(), f.lp()).c())
                .isCloseTo(f.expected("harrell"), within(TOLERANCE));
        assertThat(UnoC.concordance(f.time(), f.event(), f.lp()).value())
                .isCloseTo(f.expected("uno"), within(TOLERANCE));
        assertThat(UnoC.concordance(f.time(), f.event(), f.lp(), f.expected("uno_tau")).value())
                .isCloseTo(f.expected("uno_truncated"), within(TOLERANCE));
    }

    @ParameterizedTest
    @FieldSource("SETS")
    void kaplanMeierMatchesSurvfit(String set) {
        MetricsFixture f = MetricsFixture.load(set);
        Csv r = Csv.read(MetricsFixture.file(set + "_km.csv"));
        KaplanMeier km = KaplanMeier.fit(f.time(), f.event());
        assertThat(km.time()).containsExactly(r.column("time"));
        assertThat(km.survival()).containsExactly(r.column("surv"), within(TOLERANCE));
        assertThat(toDouble(km.atRisk())).containsExactly(r.column("n_risk"));
        assertThat(toDouble(km.events())).containsExactly(r.column("n_event"));
        assertThat(toDouble(km.censored())).containsExactly(r.column("n_censor"));
        Csv g = Csv.read(MetricsFixture.file(set + "_censoring_km.csv"));
        assertThat(KaplanMeier.censoring(f.time(), f.event()).survival())
                .containsExactly(g.column("surv"), within(TOLERANCE));
    }

    @ParameterizedTest
    @FieldSource("SETS")
    void brierAndIntegratedBrierMatchTheFormulaInR(String set) {
        MetricsFixture f = MetricsFixture.load(set);
        Csv r = Csv.read(MetricsFixture.file(set + "_brier.csv"));
        assertThat(BrierScore.atGrid(f.surv(), f.grid(), f.time(), f.event()))
                .containsExactly(r.column("brier"), within(TOLERANCE));
        assertThat(BrierScore.integrated(f.surv(), f.grid(), f.time(), f.event()))
                .isCloseTo(f.expected("ibs"), within(TOLERANCE));
        int k = f.grid().length / 2;
        double[] column = new double[f.time().length];
        for (int i = 0; i < column.length; i++) {
            column[i] = f.surv()[i][k];
        }
        assertThat(BrierScore.at(column, f.time(), f.event(), f.grid()[k]))
                .isCloseTo(r.column("brier")[k], within(TOLERANCE));
    }

    @ParameterizedTest
    @FieldSource("SETS")
    void antoliniMatchesTheTranscriptionOfPycox(String set) {
        MetricsFixture f = MetricsFixture.load(set);
        for (Method method : Method.values()) {
            for (GridStep step : GridStep.values()) {
                String key = (method == Method.ANTOLINI ? "antolini_" : "adj_antolini_") + step.name().toLowerCase();
                assertThat(AntoliniC.concordance(f.surv(), f.grid(), f.time(), f.event(), method, step).value())
                        .as(key).isCloseTo(f.expected(key), within(TOLERANCE));
            }
        }
        assertThat(AntoliniC.concordance(f.surv(), f.grid(), f.time(), f.event()).value())
                .isCloseTo(f.expected("adj_antolini_post"), within(TOLERANCE));
    }

    private static double[] toDouble(int[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
