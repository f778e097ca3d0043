package org.fedhaem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CoxLossTest {

    @Test
    void handCheckedBreslowAndEfronWithTiedEvents() {
        // Times 1, 1, 2 all events, eta = 0: Breslow -[0 - 2 log 3 + 0 - log 1]/3 = 2 log 3 / 3;
        // Efron replaces the second log 3 by log(3 - 1/2 * 2) = log 2.
        double[] eta = {0, 0, 0};
        double[] time = {1, 1, 2};
        boolean[] event = {true, true, true};
        assertThat(CoxLoss.value(eta, time, event, Ties.BRESLOW)).isCloseTo(2 * Math.log(3) / 3, within(1e-15));
        assertThat(CoxLoss.value(eta, time, event, Ties.EFRON))
                .isCloseTo((Math.log(3) + Math.log(2)) / 3, within(1e-15));
    }

    @Test
    void singleRiskSetGradientIsSoftmaxMinusIndicator() {
        // One event at the earliest time: loss = log sum e^eta - eta_0, gradient = softmax - e_0.
        double[] eta = {0.3, -1.2, 2.0};
        double[] time = {1, 5, 7};
        boolean[] event = {true, false, false};
        double[] g = new double[3];
        double sum = Math.exp(0.3) + Math.exp(-1.2) + Math.exp(2.0);
        double loss = CoxLoss.valueAndGradient(eta, time, event, Ties.EFRON, g);
        assertThat(loss).isCloseTo(Math.log(sum) - 0.3, within(1e-15));
        assertThat(g[0]).isCloseTo(Math.exp(0.3) / sum - 1, within(1e-15));
        assertThat(g[1]).isCloseTo(Math.exp(-1.2) / sum, within(1e-15));
        assertThat(g[2]).isCloseTo(Math.exp(2.0) / sum, within(1e-15));
    }

    @Test
    void stableForHugeLogHazardsAndZeroWithoutEvents() {
        double[] time = {1, 2};
        boolean[] event = {true, false};
        assertThat(CoxLoss.value(new double[] {1000, 1000}, time, event, Ties.BRESLOW))
                .isCloseTo(Math.log(2), within(1e-12));
        double[] g = {9, 9};
        assertThat(CoxLoss.valueAndGradient(new double[] {1, 2}, time, new boolean[2], Ties.BRESLOW, g)).isZero();
        assertThat(g).containsExactly(0, 0);
    }

    @Test
    void rejectsBadInput() {
        boolean[] e = {true, false};
        assertThatThrownBy(() -> CoxLoss.value(new double[] {1}, new double[] {1, 2}, e, Ties.EFRON))
                .hasMessageContaining("eta 1, time 2");
        assertThatThrownBy(() -> CoxLoss.value(new double[] {Double.NaN, 0}, new double[] {1, 2}, e, Ties.EFRON))
                .hasMessageContaining("eta[0]");
        assertThatThrownBy(() -> CoxLoss.value(new double[] {0, 0}, new double[] {1, -2}, e, Ties.EFRON))
                .hasMessageContaining("time[1]").hasMessageContaining("-2");
        assertThatThrownBy(() -> CoxLoss.valueAndGradient(new double[] {0, 0}, new double[] {1, 2}, e, Ties.EFRON,
                new double[3])).hasMessageContaining("gradient has length 3");
    }

    /** -loss * events at R's linear predictors equals coxph's log partial likelihood, for every survival set. */
    @ParameterizedTest
    @ValueSource(strings = {"aml", "myeloid", "mgus2", "bmt", "alloauto", "hodg", "leuk", "gehan", "lung", "veteran",
            "pbc", "nwtco"})
    void equalsRLogLikelihoodAtRLinearPredictors(String name) {
        JsonNode cox = RData.oracle().path("survival").path(name).path("cox");
        RData.Table risk = RData.csv("oracle/risk/" + name + "_risk.csv");
        double[] time = risk.values("time");
        boolean[] event = risk.flags("event");
        int events = 0;
        for (boolean b : event) {
            events += b ? 1 : 0;
        }
        assertThat(events).isEqualTo(cox.path("efron").path("n_events").asInt());
        List<String> report = new ArrayList<>();
        for (Ties ties : Ties.values()) {
            String key = ties.name().toLowerCase();
            double expected = cox.path(key).path("loglik").asDouble();
            assertThat(expected).isNegative();
            double loss = CoxLoss.value(risk.values("lp_" + key), time, event, ties);
            double rel = Math.abs(-loss * events - expected) / Math.abs(expected);
            report.add(ties + " " + String.format("%.1e", rel));
            assertThat(rel).as("%s %s relative error", name, ties).isLessThan(1e-9);
        }
        System.out.println("Cox loss vs R loglik " + name + ": " + report);
    }
}
