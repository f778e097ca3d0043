package org.fedhaem.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StudentTTest {

    /** R 4.2: {@code sprintf("%.17g", qt(0.975, df))}. */
    @ParameterizedTest
    @CsvSource({
        "1, 12.706204736174694",
        "2, 4.3026527297494619",
        "3, 3.1824463052837078",
        "4, 2.7764451051977934",
        "5, 2.5705818356363137",
        "6, 2.4469118511449688",
        "7, 2.3646242515927844",
        "8, 2.3060041352041658",
        "9, 2.2621571627982049",
        "10, 2.2281388519862739",
        "20, 2.0859634472658648",
        "30, 2.0422724563012378",
        "100, 1.9839715185235516",
        "1000, 1.9623390808264076"})
    void quantileMatchesR(double df, double r) {
        assertThat(StudentT.quantile(0.975, df)).isCloseTo(r, within(1e-11 * r));
    }

    /** Closed forms: df 1 is Cauchy, tan(pi (p - 1/2)); df 2 is (2p - 1) / sqrt(2 p (1 - p)). */
    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.3, 0.5, 0.8, 0.975, 0.999})
    void closedForms(double p) {
        assertThat(StudentT.quantile(p, 1)).isCloseTo(Math.tan(Math.PI * (p - 0.5)), within(1e-12 * (1 + Math.abs(Math.tan(Math.PI * (p - 0.5))))));
        assertThat(StudentT.quantile(p, 2)).isCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), within(1e-12 * 10));
    }

    @Test
    void symmetricAndMonotone() {
        assertThat(StudentT.quantile(0.025, 7)).isEqualTo(-StudentT.quantile(0.975, 7));
        assertThat(StudentT.quantile(0.5, 3)).isZero();
        assertThat(StudentT.quantile(0.9, 3)).isLessThan(StudentT.quantile(0.95, 3));
    }

    @Test
    void logGammaAtKnownPoints() {
        assertThat(StudentT.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-14));
        assertThat(StudentT.logGamma(1)).isCloseTo(0, within(1e-14));
        assertThat(StudentT.logGamma(10)).isCloseTo(Math.log(362880), within(1e-13));
    }

    @Test
    void rejectsBadArguments() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(1, 3)).getMessage())
                .contains("p must be in (0, 1), got 1.0");
        assertThat(assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(0.9, 0)).getMessage())
                .contains("df must be finite and > 0, got 0.0");
    }
}
