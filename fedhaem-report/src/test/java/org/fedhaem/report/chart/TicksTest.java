package org.fedhaem.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TicksTest {

    private static String[] labels(Ticks t) {
        return Arrays.stream(t.values()).mapToObj(t::label).toArray(String[]::new);
    }

    @Test
    void aCIndexRangeGetsStepsOfFiveHundredths() {
        // span 0.23 / 6 = 0.038 -> next nice step 0.05; range widened to 0.55..0.80
        Ticks t = Ticks.covering(0.55, 0.78, 6);
        assertThat(t.step()).isCloseTo(0.05, within(1e-15));
        assertThat(t.lo()).isCloseTo(0.55, within(1e-12));
        assertThat(t.hi()).isCloseTo(0.80, within(1e-12));
        assertThat(labels(t)).containsExactly("0.55", "0.60", "0.65", "0.70", "0.75", "0.80");
    }

    @Test
    void theUnitIntervalInFiveSteps() {
        Ticks t = Ticks.within(0, 1, 5);
        assertThat(labels(t)).containsExactly("0.0", "0.2", "0.4", "0.6", "0.8", "1.0");
    }

    @Test
    void stepsOfTwoAndAHalfKeepOneDecimalAndCrossZeroCleanly() {
        // span 11.1 / 5 = 2.22 -> 2.5; -3.2 widens to -5, 7.9 to 10
        Ticks t = Ticks.covering(-3.2, 7.9, 5);
        assertThat(labels(t)).containsExactly("-5.0", "-2.5", "0.0", "2.5", "5.0", "7.5", "10.0");
    }

    @Test
    void largeValuesGetWholeNumberLabels() {
        Ticks t = Ticks.covering(0, 4427, 6);
        assertThat(t.step()).isEqualTo(1000);
        assertThat(labels(t)).containsExactly("0", "1000", "2000", "3000", "4000", "5000");
    }

    @Test
    void roundsGetWholeTicksOnly() {
        assertThat(labels(Ticks.wholeWithin(1, 4, 8))).containsExactly("1", "2", "3", "4");
        // span 9 / 8 -> 2: whole steps from the first multiple of two
        assertThat(labels(Ticks.wholeWithin(1, 10, 8))).containsExactly("2", "4", "6", "8", "10");
    }

    @Test
    void floatingPointNoiseDoesNotReachTheLabel() {
        Ticks t = Ticks.within(0, 1, 10);
        assertThat(t.label(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(t.label(-0.0)).isEqualTo("0.0");
        assertThat(Ticks.decimals(0.25)).isEqualTo(2);
        assertThat(Ticks.decimals(2.0)).isZero();
    }

    @Test
    void aSingleValueStillGetsAnAxisAroundIt() {
        Ticks t = Ticks.covering(5, 5, 5);
        assertThat(t.lo()).isLessThan(5);
        assertThat(t.hi()).isGreaterThan(5);
        assertThat(t.values()).isNotEmpty();
    }

    @Test
    void badRangesAreRefusedNamingThem() {
        assertThatThrownBy(() -> Ticks.covering(2, 1, 5)).hasMessageContaining("2.0..1.0");
        assertThatThrownBy(() -> Ticks.covering(Double.NaN, 1, 5)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Ticks.step(0, 5)).hasMessageContaining("positive span");
    }

    @Test
    void theRangeOfDataStopsAtItsLimits() {
        // a t-interval from two repeats reaching past 1 is cut at 1, NaN ignored
        Ticks t = Layout.range(new double[] {0.45, Double.NaN, 1.4}, 0, 1, 6);
        assertThat(t.lo()).isCloseTo(0.4, within(1e-12));
        assertThat(t.hi()).isEqualTo(1.0);
    }
}
