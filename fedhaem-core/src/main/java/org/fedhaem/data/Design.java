package org.fedhaem.data;

import java.util.List;

/**
 * A model-ready data set: the numeric feature matrix (rows are patients, after encoding, imputation and scaling)
 * with the feature names and the outcome. This is what models and metrics consume.
 * Arrays are shared, not copied: treat them as read-only.
 */
public record Design(List<String> features, double[][] x, Outcome outcome) {
    public Design {
        features = List.copyOf(features);
        int n = outcome.size();
        if (x.length != n) {
            throw new IllegalArgumentException("x has " + x.length + " rows but the outcome has " + n);
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != features.size()) {
                throw new IllegalArgumentException("Row " + i + " has " + x[i].length + " values, expected "
                        + features.size());
            }
        }
    }

    public int rows() {
        return x.length;
    }

    public int columns() {
        return features.size();
    }

    /** The survival outcome; fails when this is a binary design. */
    public Outcome.Survival survival() {
        if (outcome instanceof Outcome.Survival s) {
            return s;
        }
        throw new IllegalStateException("Not a survival data set");
    }

    /** The binary outcome; fails when this is a survival design. */
    public Outcome.Binary binary() {
        if (outcome instanceof Outcome.Binary b) {
            return b;
        }
        throw new IllegalStateException("Not a binary data set");
    }
}
