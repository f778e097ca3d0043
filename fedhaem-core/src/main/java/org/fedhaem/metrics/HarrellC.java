package org.fedhaem.metrics;

/**
 * Harrell's C exactly as R {@code survival::concordance(Surv(time, event) ~ risk, reverse = TRUE)} counts pairs
 * (higher risk = shorter survival). A pair (i, j) is comparable iff event_i and (t_i &lt; t_j, or t_i == t_j and
 * not event_j); equal risks in a comparable pair count 1/2 ({@code tied.x}); two events at the same time are not
 * comparable ({@code tied.y}, or {@code tied.xy} when their risks are also equal). Risks are compared exactly.
 */
public final class HarrellC {
    private HarrellC() {
    }

    /** The pair counts in O(n log n); {@link Concordance#value()} gives C. */
    public static Concordance concordance(double[] time, boolean[] event, double[] risk) {
        Checks.survival(time, event);
        Checks.finite("risk", risk, time.length);
        return PairSweep.run(Ranks.of(time), event, risk, null).counts();
    }

    /** The same counts by visiting every pair, O(n^2): a transparent reference for tests and benchmarks. */
    public static Concordance concordanceBruteForce(double[] time, boolean[] event, double[] risk) {
        Checks.survival(time, event);
        Checks.finite("risk", risk, time.length);
        int n = time.length;
        long concordant = 0;
        long discordant = 0;
        long tiedRisk = 0;
        long tiedTime = 0;
        long tiedBoth = 0;
        for (int i = 0; i < n; i++) {
            if (!event[i]) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                boolean later = time[j] > time[i] || (time[j] == time[i] && !event[j]);
                if (later) {
                    if (risk[i] > risk[j]) {
                        concordant++;
                    } else if (risk[i] < risk[j]) {
                        discordant++;
                    } else {
                        tiedRisk++;
                    }
                } else if (time[j] == time[i] && event[j] && j > i) {
                    if (risk[i] == risk[j]) {
                        tiedBoth++;
                    } else {
                        tiedTime++;
                    }
                }
            }
        }
        return new Concordance(concordant, discordant, tiedRisk, tiedTime, tiedBoth);
    }
}
