package org.fedhaem.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.fedhaem.random.Seeds;
import org.junit.jupiter.api.Test;

class HarrellCTest {

    @Test
    void readmeExampleByHand() {
        // time (2,2,2,5,5,7), event (1,1,0,1,0,1), risk (.5,.5,.2,.9,.1,.3): 8 concordant, 2 discordant, 1 tied.xy
        Concordance c = HarrellC.concordance(new double[] {2, 2, 2, 5, 5, 7},
                new boolean[] {true, true, false, true, false, true}, new double[] {.5, .5, .2, .9, .1, .3});
        assertThat(c).isEqualTo(new Concordance(8, 2, 0, 0, 1));
        assertThat(c.c()).isEqualTo(0.8);
    }

    @Test
    void noComparablePairIsUndefinedWithAReason() {
        Concordance c = HarrellC.concordance(new double[] {1, 2, 3}, new boolean[] {false, false, false},
                new double[] {1, 2, 3});
        assertThat(c.comparable()).isZero();
        assertThat(c.value().isDefined()).isFalse();
        assertThat(c.value().undefinedReason()).contains("no comparable pair");
        assertThat(c.c()).isNaN();
    }

    @Test
    void negativeZeroRiskTiesWithZero() {
        Concordance c = HarrellC.concordance(new double[] {1, 2}, new boolean[] {true, true}, new double[] {-0.0, 0.0});
        assertThat(c).isEqualTo(new Concordance(0, 0, 1, 0, 0));
    }

    @Test
    void fastEqualsBruteForceOnRandomInputsWithManyTies() {
        for (int rep = 0; rep < 300; rep++) {
            SplittableRandom rng = Seeds.random(11, "harrell-property", rep);
            int n = 1 + rng.nextInt(80);
            int timeLevels = 1 + rng.nextInt(10);
            int riskLevels = 1 + rng.nextInt(6);
            double[] time = new double[n];
            boolean[] event = new boolean[n];
            double[] risk = new double[n];
            for (int i = 0; i < n; i++) {
                time[i] = rng.nextInt(timeLevels);
                event[i] = rng.nextDouble() < 0.6;
                risk[i] = rng.nextInt(riskLevels) - 2.5;
            }
            Concordance fast = HarrellC.concordance(time, event, risk);
            assertThat(fast).as("rep %d", rep).isEqualTo(HarrellC.concordanceBruteForce(time, event, risk));
        }
    }

    @Test
    void invariantToStrictlyIncreasingTransformsOfRisk() {
        SplittableRandom rng = Seeds.random(12, "harrell-monotone");
        int n = 200;
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        double[] risk = new double[n];
        double[] transformed = new double[n];
        for (int i = 0; i < n; i++) {
            time[i] = rng.nextInt(40);
            event[i] = rng.nextBoolean();
            risk[i] = rng.nextInt(25) / 4.0 - 3;
            transformed[i] = Math.exp(3 * risk[i]) + 7;
        }
        Concordance original = HarrellC.concordance(time, event, risk);
        assertThat(HarrellC.concordance(time, event, transformed)).isEqualTo(original);
        double[] reversed = new double[n];
        for (int i = 0; i < n; i++) {
            reversed[i] = -risk[i];
        }
        Concordance flipped = HarrellC.concordance(time, event, reversed);
        assertThat(flipped).isEqualTo(new Concordance(original.discordant(), original.concordant(),
                original.tiedRisk(), original.tiedTime(), original.tiedBoth()));
    }

    @Test
    void countsOfTwoHalvesPlusTheCrossPairsEqualThePooledCounts() {
        SplittableRandom rng = Seeds.random(13, "harrell-additive");
        int n = 150;
        int half = 60;
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        double[] risk = new double[n];
        for (int i = 0; i < n; i++) {
            time[i] = rng.nextInt(30);
            event[i] = rng.nextDouble() < 0.5;
            risk[i] = rng.nextInt(8);
        }
        Concordance a = HarrellC.concordance(slice(time, 0, half), slice(event, 0, half), slice(risk, 0, half));
        Concordance b = HarrellC.concordance(slice(time, half, n), slice(event, half, n), slice(risk, half, n));
        Concordance pooled = HarrellC.concordance(time, event, risk);
        // pairs with one patient in each half, counted by the rules directly
        long conc = 0;
        long disc = 0;
        long tx = 0;
        long ty = 0;
        long txy = 0;
        for (int i = 0; i < half; i++) {
            for (int j = half; j < n; j++) {
                for (int[] p : new int[][] {{i, j}, {j, i}}) {
                    int e = p[0];
                    int o = p[1];
                    if (event[e] && (time[o] > time[e] || (time[o] == time[e] && !event[o]))) {
                        if (risk[e] > risk[o]) {
                            conc++;
                        } else if (risk[e] < risk[o]) {
                            disc++;
                        } else {
                            tx++;
                        }
                    }
                }
                if (event[i] && event[j] && time[i] == time[j]) {
                    if (risk[i] == risk[j]) {
                        txy++;
                    } else {
                        ty++;
                    }
                }
            }
        }
        Concordance cross = new Concordance(conc, disc, tx, ty, txy);
        assertThat(cross.comparable()).isPositive();
        assertThat(a.plus(b).plus(cross)).isEqualTo(pooled);
        assertThat(a.plus(b)).isNotEqualTo(pooled);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> HarrellC.concordance(new double[] {1, 2}, new boolean[] {true}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 2");
        assertThatThrownBy(() -> HarrellC.concordance(new double[] {1, -2}, new boolean[] {true, true},
                new double[] {1, 2})).hasMessageContaining("time[1]").hasMessageContaining("-2.0");
        assertThatThrownBy(() -> HarrellC.concordance(new double[] {1, Double.NaN}, new boolean[] {true, true},
                new double[] {1, 2})).hasMessageContaining("time[1]");
        assertThatThrownBy(() -> HarrellC.concordance(new double[] {1, 2}, new boolean[] {true, true},
                new double[] {Double.NaN, 2})).hasMessageContaining("risk[0]");
        assertThatThrownBy(() -> new Concordance(-1, 0, 0, 0, 0)).hasMessageContaining("concordant=-1");
    }

    static double[] slice(double[] a, int from, int to) {
        return java.util.Arrays.copyOfRange(a, from, to);
    }

    static boolean[] slice(boolean[] a, int from, int to) {
        return java.util.Arrays.copyOfRange(a, from, to);
    }
}
