package org.fedhaem.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Input checks shared by the exact fits, with messages that name the offending row, column or value. */
final class FitInputs {
    private FitInputs() {
    }

    /** Checks that {@code x} is an n-by-names.size() matrix of finite values with unique non-blank column names. */
    static void checkMatrix(double[][] x, int n, List<String> names) {
        if (x.length != n) {
            throw new IllegalArgumentException("x has " + x.length + " rows but the outcome has " + n);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("At least one covariate column is required");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name == null || name.isBlank() || !seen.add(name)) {
                throw new IllegalArgumentException("Covariate names must be unique and non-blank: " + names);
            }
        }
        int p = names.size();
        for (int i = 0; i < n; i++) {
            if (x[i].length != p) {
                throw new IllegalArgumentException("Row " + i + " of x has " + x[i].length + " values, expected " + p);
            }
            for (int j = 0; j < p; j++) {
                if (!Double.isFinite(x[i][j])) {
                    throw new IllegalArgumentException("x[" + i + "][" + names.get(j) + "] is not finite: " + x[i][j]);
                }
            }
        }
    }

    /** Checks lengths and that every time is finite and non-negative. */
    static void checkSurvival(double[] time, boolean[] event) {
        if (time.length != event.length) {
            throw new IllegalArgumentException("time has " + time.length + " values but event has " + event.length);
        }
        for (int i = 0; i < time.length; i++) {
            if (!(time[i] >= 0) || Double.isInfinite(time[i])) {
                throw new IllegalArgumentException("time[" + i + "] must be finite and non-negative: " + time[i]);
            }
        }
    }

    static void checkFinite(double[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + "[" + i + "] is not finite: " + values[i]);
            }
        }
    }

    static int countEvents(boolean[] event) {
        int d = 0;
        for (boolean e : event) {
            if (e) {
                d++;
            }
        }
        return d;
    }
}
