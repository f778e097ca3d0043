package org.fedhaem.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AggregateTest {

    @Test
    void weightedMeanWeighsByExamples() {
        // (1*1 + 3*3) / 4 = 2.5 ; (1*2 + 3*6) / 4 = 5
        assertThat(Aggregate.weightedMean(new double[][] {{1, 2}, {3, 6}}, new double[] {1, 3}))
                .containsExactly(2.5, 5.0);
    }

    @Test
    void weightedMeanOfIdenticalVectorsIsThatVector() {
        double[] v = {0.1, -0.7, 3.3};
        assertThat(Aggregate.weightedMean(new double[][] {v, v, v}, new double[] {60, 30, 10}))
                .containsExactly(new double[] {0.1, -0.7, 3.3}, within(1e-15));
    }

    @Test
    void meanIsUnweighted() {
        assertThat(Aggregate.mean(new double[][] {{1, 2}, {3, 4}, {5, 9}})).containsExactly(3.0, 5.0);
    }

    @Test
    void medianPerEntryAndAveragedForEvenCounts() {
        // column 0: 1, 2, 100 -> 2 ; column 1: -5, 0, 10 -> 0
        assertThat(Aggregate.median(new double[][] {{1, 10}, {2, -5}, {100, 0}})).containsExactly(2.0, 0.0);
        // 1, 2, 4, 10 -> (2 + 4) / 2
        assertThat(Aggregate.median(new double[][] {{1}, {4}, {2}, {10}})).containsExactly(3.0);
    }

    @Test
    void medianIgnoresOneOutlierTheMeanDoesNot() {
        double[][] v = {{1.0}, {1.2}, {1000.0}};
        assertThat(Aggregate.median(v)).containsExactly(1.2);
        assertThat(Aggregate.mean(v)[0]).isGreaterThan(300);
    }

    @Test
    void trimmedMeanCutsFloorOfBetaTimesNFromEachEnd() {
        // n = 5, beta 0.2: cut 1 each side -> mean(2, 3, 4) = 3
        assertThat(Aggregate.trimmedMean(new double[][] {{100}, {2}, {1}, {4}, {3}}, 0.2)).containsExactly(3.0);
        // n = 3, beta 0.2: floor(0.6) = 0, nothing cut -> (1 + 2 + 9) / 3 = 4
        assertThat(Aggregate.trimmedMean(new double[][] {{1}, {2}, {9}}, 0.2)).containsExactly(4.0);
        // n = 4, beta 0.25: cut 1 -> mean(2, 3) = 2.5
        assertThat(Aggregate.trimmedMean(new double[][] {{1}, {2}, {3}, {10}}, 0.25)).containsExactly(2.5);
    }

    @Test
    void krumScoresSumTheNearestSquaredDistances() {
        // points 0, 1, 2, 10; f = 0 -> n - f - 2 = 2 nearest others
        // 0: 1 + 4 = 5 ; 1: 1 + 1 = 2 ; 2: 1 + 4 = 5 ; 10: 64 + 81 = 145
        double[][] v = {{0}, {1}, {2}, {10}};
        assertThat(Aggregate.krumScores(v, 0)).containsExactly(5.0, 2.0, 5.0, 145.0);
        assertThat(Aggregate.krum(v, 0)).containsExactly(1.0);
        // f = 1 -> max(1, 4 - 1 - 2) = 1 nearest: 1, 1, 1, 64
        assertThat(Aggregate.krumScores(v, 1)).containsExactly(1.0, 1.0, 1.0, 64.0);
    }

    @Test
    void multiKrumAveragesTheKeptByWeightInSiteOrder() {
        double[][] v = {{0}, {1}, {2}, {10}};
        // keep 2: score 2 (index 1), then the tie at 5 goes to index 0
        assertThat(Aggregate.krumSelect(v, 0, 2)).containsExactly(0, 1);
        // (0 * 3 + 1 * 1) / 4
        assertThat(Aggregate.multiKrum(v, new double[] {3, 1, 1, 1}, 0, 2)).containsExactly(0.25);
        // keep 3 drops the far point: (0 + 1 + 2) / 3
        assertThat(Aggregate.multiKrum(v, new double[] {1, 1, 1, 1}, 0, 3)).containsExactly(1.0);
    }

    @Test
    void krumPicksAnHonestUpdateWithOneAttacker() {
        double[][] v = {{1, 1}, {1.1, 0.9}, {50, -50}, {0.9, 1.1}};
        // honest pairwise squared distances 0.02, 0.02, 0.08; the attacker is thousands away
        assertThat(Aggregate.krumScores(v, 1)[2]).isGreaterThan(4000);
        assertThat(Aggregate.krum(v, 1)).containsExactly(1.0, 1.0);
        assertThat(Aggregate.krumSelect(v, 1, 3)).containsExactly(0, 1, 3);
    }

    @Test
    void singleVectorKrumIsThatVector() {
        assertThat(Aggregate.krumScores(new double[][] {{4, 5}}, 0)).containsExactly(0.0);
        assertThat(Aggregate.krum(new double[][] {{4, 5}}, 0)).containsExactly(4.0, 5.0);
    }

    @Test
    void normalizedAverageDividesEachUpdateByItsSteps() {
        // x = 0; y1 = -2 after 2 steps (n 1), y2 = -9 after 3 steps (n 3): p = 1/4, 3/4
        // d1 = (0 - -2) / 2 = 1, d2 = (0 - -9) / 3 = 3; tau_eff = 0.25*2 + 0.75*3 = 2.75
        // x+ = 0 - 2.75 * (0.25*1 + 0.75*3) = -2.75 * 2.5 = -6.875 (FedAvg would give -7.25)
        assertThat(Aggregate.normalizedAverage(new double[] {0}, new double[][] {{-2}, {-9}}, new double[] {1, 3},
                new int[] {2, 3})).containsExactly(-6.875);
    }

    @Test
    void normalizedAverageWithEqualStepsIsTheWeightedMean() {
        double[] x = {1, 2};
        double[][] y = {{0, 4}, {3, 2}};
        double[] w = {1, 3};
        assertThat(Aggregate.normalizedAverage(x, y, w, new int[] {5, 5}))
                .containsExactly(Aggregate.weightedMean(y, w), within(1e-15));
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Aggregate.mean(new double[0][])).hasMessageContaining("at least one vector");
        assertThatThrownBy(() -> Aggregate.mean(new double[][] {{1, 2}, {1}}))
                .hasMessageContaining("vector 1 has length 1");
        assertThatThrownBy(() -> Aggregate.median(new double[][] {{1}, {Double.NaN}}))
                .hasMessageContaining("vector 1 entry 0 is NaN");
        assertThatThrownBy(() -> Aggregate.weightedMean(new double[][] {{1}}, new double[] {-1}))
                .hasMessageContaining("weight 0 must be finite and >= 0, got -1.0");
        assertThatThrownBy(() -> Aggregate.weightedMean(new double[][] {{1}, {2}}, new double[] {0, 0}))
                .hasMessageContaining("positive sum");
        assertThatThrownBy(() -> Aggregate.weightedMean(new double[][] {{1}, {2}}, new double[] {1}))
                .hasMessageContaining("one weight per vector (2)");
        assertThatThrownBy(() -> Aggregate.trimmedMean(new double[][] {{1}}, 0.5))
                .hasMessageContaining("beta must be in [0, 0.5), got 0.5");
        assertThatThrownBy(() -> Aggregate.krumScores(new double[][] {{1}}, -1))
                .hasMessageContaining("got -1");
        assertThatThrownBy(() -> Aggregate.krumSelect(new double[][] {{1}, {2}}, 0, 3))
                .hasMessageContaining("between 1 and 2");
        assertThatThrownBy(() -> Aggregate.normalizedAverage(new double[] {0}, new double[][] {{1}},
                new double[] {1}, new int[] {0})).hasMessageContaining("took 0 local steps");
        assertThatThrownBy(() -> Aggregate.normalizedAverage(new double[] {0, 0}, new double[][] {{1}},
                new double[] {1}, new int[] {1})).hasMessageContaining("length 1, got 2");
    }
}
