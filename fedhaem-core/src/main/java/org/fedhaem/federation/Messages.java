package org.fedhaem.federation;

/** Checks shared by the message records; messages name the field and the bad value. */
final class Messages {
    private Messages() {
    }

    static void round(int round) {
        if (round < 0) {
            throw new IllegalArgumentException("round must be >= 0, got " + round);
        }
    }

    static void site(String site) {
        if (site == null || site.isBlank()) {
            throw new IllegalArgumentException("site must be a non-blank name, got '" + site + "'");
        }
    }

    /** A copy of {@code values}, which must be non-null and finite. */
    static double[] finiteCopy(String name, double[] values) {
        if (values == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        int bad = firstNonFinite(values);
        if (bad >= 0) {
            throw new IllegalArgumentException(name + "[" + bad + "] must be finite, got " + values[bad]);
        }
        return values.clone();
    }

    /** A copy of the bin starts {@code grid}: at least one, finite, >= 0 and strictly increasing. */
    static double[] gridCopy(double[] grid) {
        double[] g = finiteCopy("grid", grid);
        if (g.length == 0) {
            throw new IllegalArgumentException("grid must have at least one bin");
        }
        for (int b = 0; b < g.length; b++) {
            if (g[b] < 0 || (b > 0 && !(g[b] > g[b - 1]))) {
                throw new IllegalArgumentException("grid bin starts must be >= 0 and strictly increasing; grid[" + b
                        + "] = " + g[b]);
            }
        }
        return g;
    }

    /** The index of the first NaN or infinite value, or -1. */
    static int firstNonFinite(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }
}
