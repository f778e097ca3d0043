package org.fedhaem.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Expected values from R 4.2 ({@code mean}, {@code sd}, {@code t.test(x)$conf.int}, printed with %.17g). */
class SummaryTest {
    private static final double TOL = 1e-13;

    @Test
    void fiveRepeatsAsR() {
        // x <- c(0.71, 0.74, 0.69, 0.755, 0.73)
        Summary s = Summary.of(new double[] {0.71, 0.74, 0.69, 0.755, 0.73});
        assertThat(s.mean()).isCloseTo(0.72499999999999998, within(TOL));
        assertThat(s.sd()).isCloseTo(0.025495097567963948, within(TOL));
        assertThat(s.ciLow()).isCloseTo(0.69334365521916674, within(TOL));
        assertThat(s.ciHigh()).isCloseTo(0.75665634478083321, within(TOL));
        assertThat(s.n()).isEqualTo(5);
        assertThat(s.undefined()).isZero();
    }

    @Test
    void twoValuesUseTheWideDf1Interval() {
        // y <- c(0.5, 0.62)
        Summary s = Summary.of(new double[] {0.5, 0.62});
        assertThat(s.mean()).isCloseTo(0.56000000000000005, within(TOL));
        assertThat(s.sd()).isCloseTo(0.084852813742385708, within(TOL));
        assertThat(s.ciLow()).isCloseTo(-0.20237228417048161, within(1e-12));
        assertThat(s.ciHigh()).isCloseTo(1.3223722841704815, within(1e-12));
    }

    @Test
    void undefinedValuesAreLeftOutAndCounted() {
        // z <- c(0.61, 0.64, 0.58, 0.66, 0.6, 0.63, 0.59), here with two NaN (undefined F1) mixed in
        Summary s = Summary.of(new double[] {0.61, Double.NaN, 0.64, 0.58, 0.66, Double.NaN, 0.6, 0.63, 0.59});
        assertThat(s.n()).isEqualTo(7);
        assertThat(s.undefined()).isEqualTo(2);
        assertThat(s.mean()).isCloseTo(0.61571428571428566, within(TOL));
        assertThat(s.sd()).isCloseTo(0.028784916685157005, within(TOL));
        assertThat(s.ciLow()).isCloseTo(0.58909267790232922, within(TOL));
        assertThat(s.ciHigh()).isCloseTo(0.64233589352624221, within(TOL));
    }

    @Test
    void oneValueKeepsTheMeanOnly() {
        Summary s = Summary.of(new double[] {Double.NaN, 0.7});
        assertThat(s.mean()).isEqualTo(0.7);
        assertThat(s.sd()).isNaN();
        assertThat(s.ciLow()).isNaN();
        assertThat(s.ciHigh()).isNaN();
        assertThat(s.n()).isEqualTo(1);
        assertThat(s.undefined()).isEqualTo(1);
    }

    @Test
    void nothingDefined() {
        Summary s = Summary.of(new double[] {Double.NaN});
        assertThat(s.mean()).isNaN();
        assertThat(s.n()).isZero();
        assertThat(s.undefined()).isEqualTo(1);
        assertThat(Summary.of(new double[0]).n()).isZero();
    }

    @Test
    void identicalValuesHaveAZeroWidthInterval() {
        Summary s = Summary.of(new double[] {0.75, 0.75, 0.75});
        assertThat(s.sd()).isZero();
        assertThat(s.ciLow()).isEqualTo(0.75);
        assertThat(s.ciHigh()).isEqualTo(0.75);
    }

    @Test
    void rejectsInfinityAndNull() {
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> Summary.of(new double[] {0.5, Double.POSITIVE_INFINITY})).getMessage())
                .isEqualTo("value 1 is infinite: Infinity");
        assertThrows(IllegalArgumentException.class, () -> Summary.of(null));
    }
}
