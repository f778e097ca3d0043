package org.fedhaem.federation;

import java.util.Arrays;
import java.util.Objects;

/**
 * Evaluate the {@code global} parameters on the site's test set(s). {@code sendPredictions} asks for the
 * per-patient predictions too: simulation only (for the C over the union of test sets), never in a deployment.
 */
public record EvaluateInstruction(int round, String site, double[] global, boolean sendPredictions)
        implements Instruction {

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
                && Arrays.equals(global, e.global) && sendPredictions == e.sendPredictions;
    }

    @Override
    public int hashCode() {
        return Objects.hash(round, site, Arrays.hashCode(global), sendPredictions);
    }

    @Override
    public String toString() {
        return "EvaluateInstruction[round=" + round + ", site=" + site + ", " + global.length
                + " parameters, sendPredictions=" + sendPredictions + "]";
    }
}
