package org.fedhaem.cli;

/** Row index helpers. */
final class Rows {
    private Rows() {
    }

    static int[] all(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
