package org.fedhaem.metrics;

import java.util.Arrays;

/**
 * The O(n log n) pair count behind Harrell's and Uno's C: patients sorted by (time, risk), swept from the latest
 * time to the earliest while a Fenwick tree over risk ranks holds everyone still "later". At each time, the
 * censored are inserted before the events are queried (a patient censored at an event time is still at risk), and
 * the events after (tied event times are not comparable).
 */
final class PairSweep {
    long concordant;
    long discordant;
    long tiedRisk;
    long tiedTime;
    long tiedBoth;
    double weightedConcordant;
    double weightedDiscordant;
    double weightedTiedRisk;

    private PairSweep() {
    }

    /**
     * @param timeRanks ranks of {@code time}
     * @param weightByTime weight of a comparable pair by the rank of its earlier (event) time, or null for
     *     unweighted counts only
     */
    static PairSweep run(Ranks timeRanks, boolean[] event, double[] risk, double[] weightByTime) {
        int n = event.length;
        Ranks riskRanks = Ranks.of(risk);
        int[] rr = riskRanks.rank();
        int[] tr = timeRanks.rank();
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((long) tr[i] << 32) | ((long) rr[i] << 1) | (event[i] ? 1L : 0L);
        }
        Arrays.sort(keys);
        int[] tree = new int[riskRanks.distinct().length + 1];
        int inserted = 0;
        PairSweep s = new PairSweep();
        int end = n;
        while (end > 0) {
            int timeRank = (int) (keys[end - 1] >>> 32);
            int start = end - 1;
            while (start > 0 && (int) (keys[start - 1] >>> 32) == timeRank) {
                start--;
            }
            for (int k = start; k < end; k++) {
                if ((keys[k] & 1L) == 0) {
                    add(tree, riskRank(keys[k]));
                    inserted++;
                }
            }
            double w = weightByTime == null ? 0 : weightByTime[timeRank];
            long events = 0;
            long tiedBothHere = 0;
            long run = 0;
            int previous = -1;
            for (int k = start; k < end; k++) {
                if ((keys[k] & 1L) == 0) {
                    continue;
                }
                int r = riskRank(keys[k]);
                long less = prefix(tree, r);
                long lessOrEqual = prefix(tree, r + 1);
                long tied = lessOrEqual - less;
                long greater = inserted - lessOrEqual;
                s.concordant += less;
                s.tiedRisk += tied;
                s.discordant += greater;
                if (weightByTime != null) {
                    s.weightedConcordant += w * less;
                    s.weightedTiedRisk += w * tied;
                    s.weightedDiscordant += w * greater;
                }
                // events of one time are sorted by risk rank, so equal risks form runs
                if (r == previous) {
                    run++;
                } else {
                    tiedBothHere += run * (run - 1) / 2;
                    run = 1;
                    previous = r;
                }
                events++;
            }
            tiedBothHere += run * (run - 1) / 2;
            s.tiedBoth += tiedBothHere;
            s.tiedTime += events * (events - 1) / 2 - tiedBothHere;
            for (int k = start; k < end; k++) {
                if ((keys[k] & 1L) != 0) {
                    add(tree, riskRank(keys[k]));
                    inserted++;
                }
            }
            end = start;
        }
        return s;
    }

    Concordance counts() {
        return new Concordance(concordant, discordant, tiedRisk, tiedTime, tiedBoth);
    }

    private static int riskRank(long key) {
        return (int) ((key & 0xFFFFFFFFL) >>> 1);
    }

    private static void add(int[] tree, int rank) {
        for (int i = rank + 1; i < tree.length; i += i & -i) {
            tree[i]++;
        }
    }

    /** Number inserted with risk rank below {@code rank}. */
    private static long prefix(int[] tree, int rank) {
        long sum = 0;
        for (int i = rank; i > 0; i -= i & -i) {
            sum += tree[i];
        }
        return sum;
    }
}
