package org.fedhaem.federation;

import java.util.Arrays;
import java.util.Objects;
import org.fedhaem.strategy.StrategyState;

/** The outcome of a federated run: the final global parameters (flat), the strategy's state and the history. */
public record FederatedRun(double[] finalGlobal, StrategyState state, History history) {

    public FederatedRun {
        finalGlobal = Messages.finiteCopy("finalGlobal", finalGlobal);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(history, "history");
    }

    @Override
    public double[] finalGlobal() {
        return finalGlobal.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FederatedRun r && Arrays.equals(finalGlobal, r.finalGlobal) && history.equals(r.history)
                && state.steps() == r.state.steps() && sameVectors(state, r.state);
    }

    private static boolean sameVectors(StrategyState a, StrategyState b) {
        if (!a.vectors().keySet().equals(b.vectors().keySet())) {
            return false;
        }
        for (var e : a.vectors().entrySet()) {
            if (!Arrays.equals(e.getValue(), b.vectors().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(finalGlobal), history);
    }

    @Override
    public String toString() {
        return "FederatedRun[" + finalGlobal.length + " parameters, " + history.rounds().size() + " rounds]";
    }
}
