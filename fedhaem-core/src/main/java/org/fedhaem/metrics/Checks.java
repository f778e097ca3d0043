package org.fedhaem.metrics;

/** Input validation shared by the metrics; messages name the argument, the index and the bad value. */
final class Checks {
    private Checks() {
    }

    static void survival(double[] time, boolean[] event) {
        if (time == null || event == null) {
            throw new IllegalArgumentException("time and event must not be null");
        }
        sameLength("time", time.length, "event", event.length);
        for (int i = 0; i < time.length; i++) {
            double t = time[i];
            if (Double.isNaN(t) || Double.isInfinite(t) || t < 0) {
                throw new IllegalArgumentException("time[" + i + "] must be finite and >= 0, got " + t);
            }
        }
    }

    static void finite(String name, double[] values, int expectedLength) {
        if (values == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        sameLength(name, values.length, "time/label", expectedLength);
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be finite, got " + values[i]);
            }
        }
    }

    static void sameLength(String a, int lengthA, String b, int lengthB) {
        if (lengthA != lengthB) {
            throw new IllegalArgumentException(a + " has length " + lengthA + " but " + b + " has length " + lengthB);
        }
    }

    /** Survival probabilities: rows = patients, each of the grid's length, values in [0, 1]. */
    static void curves(double[][] surv, double[] grid, int patients) {
        increasingGrid(grid);
        if (surv == null) {
            throw new IllegalArgumentException("surv must not be null");
        }
        sameLength("surv (rows)", surv.length, "time", patients);
        for (int i = 0; i < surv.length; i++) {
            double[] row = surv[i];
            if (row == null) {
                throw new IllegalArgumentException("surv[" + i + "] must not be null");
            }
            sameLength("surv[" + i + "]", row.length, "grid", grid.length);
            for (int k = 0; k < row.length; k++) {
                if (!(row[k] >= 0 && row[k] <= 1)) {
                    throw new IllegalArgumentException("surv[" + i + "][" + k + "] must be in [0, 1], got " + row[k]);
                }
            }
        }
    }

    static void increasingGrid(double[] grid) {
        if (grid == null || grid.length == 0) {
            throw new IllegalArgumentException("the time grid must not be empty");
        }
        for (int k = 0; k < grid.length; k++) {
            if (!Double.isFinite(grid[k])) {
                throw new IllegalArgumentException("grid[" + k + "] must be finite, got " + grid[k]);
            }
            if (k > 0 && !(grid[k] > grid[k - 1])) {
                throw new IllegalArgumentException("the grid must be strictly increasing, but grid[" + k + "] = "
                        + grid[k] + " follows " + grid[k - 1]);
            }
        }
    }
}
