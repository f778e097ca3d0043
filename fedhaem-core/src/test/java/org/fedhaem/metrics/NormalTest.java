package org.fedhaem.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalTest {

    @Test
    void twoSidedPMatchesR() {
        // R 4.2.2: sprintf("%.17g", 2 * pnorm(-z))
        double[] z = {0, 0.5, 1, 1.96, 2.5, 2.99, 3.01, 4, 7.097, 16.383, 38};
        double[] r = {1, 0.61707507745197387, 0.31731050786291409, 0.049995790296440856, 0.01241933065155227,
            0.0027897744709844997, 0.002612476897538938, 6.3342483666239849e-05, 1.2749405875946992e-12,
            2.5295308521301852e-60, 0};
        for (int i = 0; i < z.length; i++) {
            double p = Normal.twoSidedP(z[i]);
            assertThat(p).as("z = " + z[i]).isCloseTo(r[i], within(1e-12 * r[i] + 1e-300));
            assertThat(Normal.twoSidedP(-z[i])).isEqualTo(p);
        }
    }

    @Test
    void rejectsNaN() {
        assertThatThrownBy(() -> Normal.twoSidedP(Double.NaN)).hasMessageContaining("NaN");
    }
}
