package org.fedhaem.strategy;

import java.util.Map;
import java.util.Objects;

/**
 * What one site sent back after local training, as a strategy sees it: its parameter vector (flat, in the model's
 * {@code Parameters.flatten()} order), how many training examples it used, how many optimizer steps it took, and
 * named extra vectors some strategies need (e.g. SCAFFOLD's control-variate change {@code "control_delta"}).
 */
public record SiteUpdate(String site, double[] parameters, long examples, int steps, Map<String, double[]> extras) {
    public SiteUpdate {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(parameters, "parameters");
        if (examples < 0) {
            throw new IllegalArgumentException("site " + site + ": examples must be >= 0, got " + examples);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("site " + site + ": steps must be >= 0, got " + steps);
        }
        extras = extras == null ? Map.of() : Map.copyOf(extras);
    }
}
