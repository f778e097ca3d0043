package org.fedhaem.metrics;

import java.util.Arrays;

/** Dense ranks of doubles (equal values share a rank; -0.0 equals 0.0 as in R) and the sorted distinct values. */
record Ranks(int[] rank, double[] distinct) {

    static Ranks of(double[] values) {
        double[] sorted = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            sorted[i] = values[i] + 0.0; // folds -0.0 into 0.0 so that equal values get one rank
        }
        Arrays.sort(sorted);
        int distinctCount = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[distinctCount - 1]) {
                sorted[distinctCount++] = sorted[i];
            }
        }
        double[] distinct = Arrays.copyOf(sorted, distinctCount);
        int[] rank = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            rank[i] = Arrays.binarySearch(distinct, values[i] + 0.0);
        }
        return new Ranks(rank, distinct);
    }
}
