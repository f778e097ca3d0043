package org.fedhaem.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The log-log interval and the number at risk by hand; against R in CurveBuilderOracleTest. */
class SurvivalIntervalTest {
    // times 1 (event), 2 (censored), 3 (event), 3 (event), 5 (censored)
    private static final KaplanMeier KM = KaplanMeier.fit(new double[] {3, 1, 5, 3, 2},
            new boolean[] {true, true, false, true, false});

    @Test
    void greenwoodOnTheLogLogScaleByHand() {
        SurvivalInterval at1 = SurvivalInterval.logLog(KM, 1.5);
        // S = 4/5, Greenwood 1 / (5 * 4)
        double s = 0.8;
        double shift = SurvivalInterval.Z95 * Math.sqrt(1.0 / 20) / Math.log(s);
        assertThat(at1.estimate()).isEqualTo(s);
        assertThat(at1.lower()).isEqualTo(Math.pow(s, Math.exp(-shift)), within(1e-15));
        assertThat(at1.upper()).isEqualTo(Math.pow(s, Math.exp(shift)), within(1e-15));
        // S = 4/5 * 1/3, Greenwood 1/20 + 2 / (3 * 1)
        SurvivalInterval at3 = SurvivalInterval.logLog(KM, 3);
        double s3 = 0.8 / 3;
        double shift3 = SurvivalInterval.Z95 * Math.sqrt(1.0 / 20 + 2.0 / 3) / Math.log(s3);
        assertThat(at3.estimate()).isEqualTo(s3, within(1e-15));
        assertThat(at3.lower()).isEqualTo(Math.pow(s3, Math.exp(-shift3)), within(1e-15));
        assertThat(at3.upper()).isEqualTo(Math.pow(s3, Math.exp(shift3)), within(1e-15));
    }

    @Test
    void degenerateEstimatesAsR() {
        assertThat(SurvivalInterval.logLog(KM, 0.5)).isEqualTo(new SurvivalInterval(1, 1, 1));
        KaplanMeier allDie = KaplanMeier.fit(new double[] {1, 2}, new boolean[] {true, true});
        SurvivalInterval zero = SurvivalInterval.logLog(allDie, 2);
        assertThat(zero.estimate()).isZero();
        assertThat(zero.lower()).isNaN();
        assertThat(zero.upper()).isNaN();
    }

    @Test
    void numbersAtRiskCountTimesAtOrAfter() {
        assertThat(KM.atRiskAt(0)).isEqualTo(5);
        assertThat(KM.atRiskAt(1)).isEqualTo(5);
        assertThat(KM.atRiskAt(1.5)).isEqualTo(4);
        assertThat(KM.atRiskAt(3)).isEqualTo(3);
        assertThat(KM.atRiskAt(5)).isEqualTo(1);
        assertThat(KM.atRiskAt(5.1)).isZero();
        assertThatThrownBy(() -> KM.atRiskAt(Double.NaN)).hasMessageContaining("NaN");
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> SurvivalInterval.logLog(KM, Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new SurvivalInterval(1.5, 1, 1)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> new SurvivalInterval(0.5, 0.6, 0.7)).hasMessageContaining("0.6");
    }
}
