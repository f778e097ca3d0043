package org.fedhaem.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PiecewiseHazardTest {
    // Hazard 0.5 on (0, 1], 0 on (1, 2], 2 on (2, 3].
    private final double[] time = {1, 2, 3};
    private final double[] cumulative = {0.5, 0.5, 2.5};

    @Test
    void invertsTheLinearCumulativeHazardByHand() {
        PiecewiseHazard h = new PiecewiseHazard(time, cumulative, false);
        assertThat(h.inverse(0)).isZero();
        assertThat(h.inverse(0.25)).isCloseTo(0.5, within(1e-15));
        assertThat(h.inverse(0.5)).isCloseTo(1, within(1e-15));
        // the flat segment is skipped: just above 0.5 the time is just after 2
        assertThat(h.inverse(1.5)).isCloseTo(2.5, within(1e-15));
        // beyond the last knot at the last rate 2
        assertThat(h.inverse(3.5)).isCloseTo(3.5, within(1e-15));
    }

    @Test
    void aFollowUpEndCensorsEveryoneLeftAtTheLastKnot() {
        PiecewiseHazard h = new PiecewiseHazard(time, cumulative, true);
        assertThat(h.inverse(2.5)).isCloseTo(3, within(1e-15));
        assertThat(h.inverse(100)).isEqualTo(3);
    }

    @Test
    void rejectsKnotsThatDoNotIncreaseAndHazardsThatDecrease() {
        assertThatThrownBy(() -> new PiecewiseHazard(new double[] {1, 1}, new double[] {0.1, 0.2}, false))
                .hasMessageContaining("knot times must be finite and increase from 0, got [1.0, 1.0]");
        assertThatThrownBy(() -> new PiecewiseHazard(new double[] {1, 2}, new double[] {0.3, 0.2}, false))
                .hasMessageContaining("non-decreasing from 0, got [0.3, 0.2]");
        assertThatThrownBy(() -> new PiecewiseHazard(new double[] {1, 2}, new double[] {0.3, 0.3}, false))
                .hasMessageContaining("last segment must have a positive hazard");
    }

    @Test
    void standardNormalCdfAtKnownPoints() {
        // R: pnorm(c(0, 1.96, -1, -3)), printed with 17 digits; the documented absolute error is 1e-15
        assertThat(StandardNormal.cdf(0)).isEqualTo(0.5);
        assertThat(StandardNormal.cdf(1.96)).isCloseTo(0.97500210485177952, within(1e-15));
        assertThat(StandardNormal.cdf(-1)).isCloseTo(0.15865525393145705, within(1e-15));
        assertThat(StandardNormal.cdf(-3)).isCloseTo(0.0013498980316300946, within(1e-15));
        assertThat(StandardNormal.cdf(9)).isEqualTo(1);
        assertThatThrownBy(() -> StandardNormal.cdf(Double.NaN)).hasMessageContaining("NaN");
    }
}
