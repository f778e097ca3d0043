package org.fedhaem.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Which sites train in a round, as Flower's FedAvg samples clients: {@code max(floor(n * fractionFit),
 * minFitSites)} of the {@code n} available sites (at most {@code n}), none when fewer than {@code minAvailable}
 * are available; and how many replies make a round count.
 *
 * @param minReplies replies needed; 0 = the default {@code min(selected, minFitSites)}
 */
record Sampling(double fractionFit, int minFitSites, int minAvailable, int minReplies) {
    Sampling {
        if (!(fractionFit > 0 && fractionFit <= 1)) {
            throw new IllegalArgumentException("fraction_fit must be in (0, 1], got " + fractionFit);
        }
        if (minFitSites < 1 || minAvailable < 1 || minReplies < 0) {
            throw new IllegalArgumentException("min_fit_sites and min_available_sites must be >= 1 and min_replies "
                    + ">= 1, got " + minFitSites + ", " + minAvailable + ", " + minReplies);
        }
    }

    static Sampling read(Options o) {
        return new Sampling(o.real("fraction_fit", 1.0, 0, false, 1, true), o.integer("min_fit_sites", 2, 1),
                o.integer("min_available_sites", 2, 1), o.optionalInteger("min_replies", 1));
    }

    /** Samples without replacement with {@code rng}; the result keeps the order of {@code available}. */
    List<String> select(List<String> available, SplittableRandom rng) {
        Set<String> distinct = new HashSet<>();
        for (String site : available) {
            if (site == null || !distinct.add(site)) {
                throw new IllegalArgumentException("available sites must be distinct and non-null, got " + available);
            }
        }
        int n = available.size();
        if (n < minAvailable) {
            return List.of();
        }
        int k = Math.min(n, Math.max((int) (n * fractionFit), minFitSites));
        if (k == n) {
            return List.copyOf(available);
        }
        int[] index = new int[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
        }
        int[] chosen = Arrays.copyOf(index, k);
        Arrays.sort(chosen);
        List<String> out = new ArrayList<>(k);
        for (int i : chosen) {
            out.add(available.get(i));
        }
        return List.copyOf(out);
    }

    /** At least 1 (an empty round never counts) and at most the number selected. */
    int minReplies(int selected) {
        if (selected < 0) {
            throw new IllegalArgumentException("selected must be >= 0, got " + selected);
        }
        int wanted = minReplies > 0 ? minReplies : minFitSites;
        return Math.max(1, Math.min(selected, wanted));
    }
}
