package org.fedhaem.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.fedhaem.metrics.AntoliniC.GridStep;
import org.fedhaem.metrics.AntoliniC.Method;
import org.fedhaem.random.Seeds;
import org.junit.jupiter.api.Test;

/** Hand-checkable cases, properties and input validation for the survival metrics beyond Harrell's C. */
class SurvivalMetricsTest {
    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void kaplanMeierByHand() {
        // times 1,2,2,3,4 with events 1,1,0,1,0: S(1) = 4/5, S(2) = 4/5 * 3/4, S(3) = 3/5 * 1/2
        KaplanMeier km = KaplanMeier.fit(new double[] {1, 2, 2, 3, 4}, new boolean[] {T, T, F, T, F});
        assertThat(km.time()).containsExactly(1, 2, 3, 4);
        assertThat(km.survival()).containsExactly(new double[] {0.8, 0.6, 0.3, 0.3}, within(1e-15));
        assertThat(km.atRisk()).containsExactly(5, 4, 2, 1);
        assertThat(km.at(2)).isEqualTo(km.survival()[1]);
        assertThat(km.before(2)).isEqualTo(0.8);
        assertThat(km.at(0.5)).isEqualTo(1.0);
        assertThat(km.at(99)).isEqualTo(km.survival()[3]);
    }

    @Test
    void unoEqualsHarrellWithoutCensoringAndWeightsLaterPairsMore() {
        double[] time = {1, 2, 3, 4, 5};
        boolean[] all = {T, T, T, T, T};
        double[] risk = {5, 3, 4, 1, 2};
        assertThat(UnoC.concordance(time, all, risk).value()).isEqualTo(HarrellC.concordance(time, all, risk).c());
        // censored at 1.5: G(t-) = 1 at t = 1 and 3/4 afterwards, so pairs from t >= 2 weigh 16/9
        double[] time2 = {1, 1.5, 2, 3, 4};
        boolean[] event2 = {T, F, T, T, F};
        double[] risk2 = {1, 0, 2, 0.5, 3};
        // pairs: (1: vs 1.5,2,3,4) -> conc 2 (0, 0.5), disc 2; (2: vs 3,4) conc 1, disc 1; (3: vs 4) disc 1
        double w = 16.0 / 9;
        double expected = (2 + w * 1) / (4 + w * 3);
        assertThat(UnoC.concordance(time2, event2, risk2).value()).isCloseTo(expected, within(1e-15));
        // truncation at tau = 1 keeps only the pairs of the event at time 1
        assertThat(UnoC.concordance(time2, event2, risk2, 1).value()).isEqualTo(0.5);
        assertThat(UnoC.concordance(time2, event2, risk2, 0.5).undefinedReason()).contains("tau = 0.5");
    }

    @Test
    void brierByHandWithoutCensoring() {
        // no censoring: G = 1, BS(t) = mean of (1{t_i > t} - S_i(t))^2
        double[] time = {1, 2, 3};
        boolean[] event = {T, T, T};
        double[] s = {0.2, 0.9, 0.6};
        assertThat(BrierScore.at(s, time, event, 1.5)).isCloseTo((0.04 + 0.01 + 0.16) / 3, within(1e-15));
        double[][] surv = {{0.5, 0.2}, {0.9, 0.5}, {1.0, 0.6}};
        // BS(1) = (0.25 + 0.01 + 0) / 3, BS(2) = (0.04 + 0.25 + 0.16) / 3, IBS = their mean on [1, 2]
        assertThat(BrierScore.integrated(surv, new double[] {1, 2}, time, event))
                .isCloseTo(((0.26 / 3) + (0.45 / 3)) / 2, within(1e-15));
    }

    @Test
    void antoliniEqualsHarrellForProportionalHazardsCurvesWithoutTies() {
        SplittableRandom rng = Seeds.random(21, "antolini-ph");
        int n = 120;
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        double[] lp = new double[n];
        for (int i = 0; i < n; i++) {
            time[i] = i + 1 + rng.nextDouble() * 0.5;
            event[i] = rng.nextDouble() < 0.7;
            lp[i] = rng.nextGaussian();
        }
        double[] grid = time.clone();
        java.util.Arrays.sort(grid);
        double[][] surv = new double[n][n];
        for (int k = 0; k < n; k++) {
            double baseline = Math.exp(-0.01 * (k + 1)); // strictly between 0 and 1
            for (int i = 0; i < n; i++) {
                surv[i][k] = Math.pow(baseline, Math.exp(lp[i]));
            }
        }
        double harrell = HarrellC.concordance(time, event, lp).c();
        assertThat(AntoliniC.concordance(surv, grid, time, event, Method.ANTOLINI, GridStep.POST).value())
                .isCloseTo(harrell, within(1e-15));
        assertThat(AntoliniC.concordance(surv, grid, time, event).value()).isCloseTo(harrell, within(1e-15));
    }

    @Test
    void gridColumnFollowsNumpySearchsorted() {
        double[] grid = {1, 2, 4};
        assertThat(AntoliniC.column(grid, 0.5, GridStep.POST)).isZero();
        assertThat(AntoliniC.column(grid, 2, GridStep.POST)).isEqualTo(1);
        assertThat(AntoliniC.column(grid, 3, GridStep.POST)).isEqualTo(1);
        assertThat(AntoliniC.column(grid, 9, GridStep.POST)).isEqualTo(2);
        assertThat(AntoliniC.column(grid, 0.5, GridStep.PRE)).isZero();
        assertThat(AntoliniC.column(grid, 2, GridStep.PRE)).isEqualTo(1);
        assertThat(AntoliniC.column(grid, 3, GridStep.PRE)).isEqualTo(2);
        assertThat(AntoliniC.column(grid, 9, GridStep.PRE)).isEqualTo(2);
    }

    @Test
    void adjustedAntoliniTieRulesByHand() {
        // two events at time 1 with equal curves: both ordered pairs comparable, each concordance 1 -> C = 1
        double[][] surv = {{0.5}, {0.5}};
        assertThat(AntoliniC.concordance(surv, new double[] {1}, new double[] {1, 1}, new boolean[] {T, T}).value())
                .isEqualTo(1.0);
        // with different curves each ordered pair counts 0.5
        double[][] surv2 = {{0.4}, {0.5}};
        assertThat(AntoliniC.concordance(surv2, new double[] {1}, new double[] {1, 1}, new boolean[] {T, T}).value())
                .isEqualTo(0.5);
        // plain Antolini: two tied events are not comparable at all
        assertThat(AntoliniC.concordance(surv2, new double[] {1}, new double[] {1, 1}, new boolean[] {T, T},
                Method.ANTOLINI, GridStep.POST).undefinedReason()).contains("no comparable pair");
    }

    @Test
    void rejectsBadInput() {
        double[] time = {1, 2};
        boolean[] event = {T, F};
        assertThatThrownBy(() -> BrierScore.at(new double[] {0.5, 1.5}, time, event, 1))
                .hasMessageContaining("survivalAtT[1]").hasMessageContaining("1.5");
        assertThatThrownBy(() -> BrierScore.integrated(new double[][] {{1}, {1}}, new double[] {1}, time, event))
                .hasMessageContaining("at least 2 grid times");
        assertThatThrownBy(() -> AntoliniC.concordance(new double[][] {{1, 0.5}, {1, 0.5}}, new double[] {2, 1},
                time, event)).hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> AntoliniC.concordance(new double[][] {{1, 0.5}}, new double[] {1, 2}, time, event))
                .hasMessageContaining("surv (rows) has length 1");
        assertThatThrownBy(() -> AntoliniC.concordance(new double[][] {{1, Double.NaN}, {1, 1}},
                new double[] {1, 2}, time, event)).hasMessageContaining("surv[0][1]");
        assertThatThrownBy(() -> UnoC.concordance(time, event, new double[] {1, 2}, Double.NaN))
                .hasMessageContaining("tau");
        assertThatThrownBy(() -> KaplanMeier.fit(new double[] {-1}, new boolean[] {T}))
                .hasMessageContaining("time[0]");
    }
}
