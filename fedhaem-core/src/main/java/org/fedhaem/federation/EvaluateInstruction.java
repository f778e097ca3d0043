package org.fedhaem.federation;

import java.util.Arrays;
import java.util.Objects;

/** Evaluate the {@code global} parameters on the site's test set(s); the site answers with counts only. */
public record EvaluateInstruction(int round, String site, double[] global) implements Instruction {

    public EvaluateInstruction {
        Messages.round(round);
        Messages.site(site);
        global = Messages.finiteCopy("global", global);
    }

    @Override
    public double[] global() {
        return global.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EvaluateInstruction e && round == e.round && site.equals(e.site)
                && Arrays.equals(global, e.global);
    }

    @Override
    public int hashCode() {
        return Objects.hash(round, site, Arrays.hashCode(global));
    }

    @Override
    public String toString() {
        return "EvaluateInstruction[round=" + round + ", site=" + site + ", " + global.length + " parameters]";
    }
}
