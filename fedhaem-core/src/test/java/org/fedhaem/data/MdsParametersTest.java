package org.fedhaem.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MdsParametersTest {
    /** Percentile k has the value k, so the marginal is the identity on [1, 99] (in percent). */
    private static MdsParameters.Continuous identity(int decimals) {
        double[] q = new double[99];
        for (int k = 1; k <= 99; k++) {
            q[k - 1] = k;
        }
        return new MdsParameters.Continuous("x", 0, decimals, 0, 0.6, 101, q);
    }

    @Test
    void continuousMarginalInterpolatesPercentilesAndHasTheStatedTails() {
        MdsParameters.Continuous m = identity(3);
        assertThat(m.value(0)).isEqualTo(50);
        // Phi(-0.6744897501960817) = 0.25
        assertThat(m.value(-0.6744897501960817)).isCloseTo(25, within(1e-3));
        // Below the 1st percentile: uniform on [2 * 0.6 - 1, 1] = [0.2, 1]; Phi(-2.575829303548901) = 0.005
        assertThat(m.value(-2.575829303548901)).isCloseTo(0.6, within(1e-3));
        // Above the 99th: 99 + Exp with mean 101 - 99 = 2; at tail probability 0.001, 99 - 2 log(0.1) = 103.605
        assertThat(m.value(3.090232306167813)).isCloseTo(99 - 2 * Math.log(0.1), within(1e-3));
        assertThat(identity(0).value(-0.6744897501960817 + 0.01)).isEqualTo(25);
    }

    @Test
    void binaryMarginalIsOneAboveTheThreshold() {
        MdsParameters.Binary b = new MdsParameters.Binary("g", 0, 0.1);
        // the 90th normal percentile is 1.2815515655446004
        assertThat(b.value(1.2815515655446004 + 1e-9)).isEqualTo(1);
        assertThat(b.value(1.2815515655446004 - 1e-9)).isZero();
    }

    @Test
    void badParametersAreRejectedWithTheColumnNamed() throws Exception {
        assertThatThrownBy(() -> new MdsParameters.Binary("TP53", 0, 1.2))
                .hasMessageContaining("column TP53 frequency must be in [0, 1], got 1.2");
        double[] q = new double[99];
        q[50] = -1;
        assertThatThrownBy(() -> new MdsParameters.Continuous("AOD", 0, 0, 0, 0, 1, q))
                .hasMessageContaining("column AOD percentiles must not decrease, got 0.0 then -1.0");
        ObjectMapper json = new ObjectMapper();
        assertThatThrownBy(() -> MdsParameters.parse(json.readTree("{\"columns\": [{\"name\": \"a\", \"kind\": "
                + "\"ordinal\", \"missing\": 0}]}"))).hasMessageContaining("column a has kind 'ordinal'");
        assertThatThrownBy(() -> MdsParameters.parse(json.readTree("{\"columns\": []}")))
                .hasMessageContaining("missing key 'correlation'");
    }

    @Test
    void theShippedParametersDescribeThirtySixColumns() {
        MdsParameters p = MdsParameters.load();
        assertThat(p.columns()).hasSize(36);
        assertThat(p.coefficients()).hasSize(36);
        assertThat(p.columns().stream().filter(c -> c instanceof MdsParameters.Continuous).count()).isEqualTo(5);
    }
}
