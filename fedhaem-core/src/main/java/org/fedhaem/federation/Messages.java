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
