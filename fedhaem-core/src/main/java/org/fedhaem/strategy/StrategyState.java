package org.fedhaem.strategy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strategy's state between rounds as a plain value (server momentum, Adam moments, control variates...):
 * named vectors and the number of server steps taken. Passed in and returned, never hidden in fields, so a
 * coordinator can checkpoint it and resume.
 */
public record StrategyState(Map<String, double[]> vectors, int steps) {
    public static final StrategyState EMPTY = new StrategyState(Map.of(), 0);

    public StrategyState {
        Map<String, double[]> copy = new LinkedHashMap<>();
        vectors.forEach((k, v) -> copy.put(k, v.clone()));
        vectors = java.util.Collections.unmodifiableMap(copy);
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
    }

    /** A copy of the named vector, or null. */
    public double[] vector(String name) {
        double[] v = vectors.get(name);
        return v == null ? null : v.clone();
    }
}
