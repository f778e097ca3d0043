package org.fedhaem.federation;

import java.util.Arrays;
import java.util.Objects;
import org.fedhaem.strategy.FitSettings;

/**
 * Train from the {@code global} parameters (flat, {@code Parameters.flatten()} order) with {@code settings}; all
 * randomness of the local training (shuffles, dropout) comes from {@code seed}.
 */
public record FitInstruction(int round, String site, double[] global, FitSettings settings, long seed)
        implements Instruction {

    public FitInstruction {
        Messages.round(round);
        Messages.site(site);
        global = Messages.finiteCopy("global", global);
        Objects.requireNonNull(settings, "settings");
    }

    @Override
    public double[] global() {
        return global.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FitInstruction f && round == f.round && site.equals(f.site)
                && Arrays.equals(global, f.global) && settings.equals(f.settings) && seed == f.seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(round, site, Arrays.hashCode(global), seed);
    }

    @Override
    public String toString() {
        return "FitInstruction[round=" + round + ", site=" + site + ", " + global.length + " parameters, settings="
                + settings + ", seed=" + seed + "]";
    }
}
