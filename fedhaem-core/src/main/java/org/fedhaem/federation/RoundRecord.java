package org.fedhaem.federation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What happened in one round.
 *
 * @param selected the sites asked to train, in site order
 * @param replied the sites whose update was valid and went into the aggregate, in site order
 * @param failures sites that failed or whose reply was rejected, with the reason (fit and evaluation phases)
 * @param failedReason why the round did not aggregate (global model kept), or null when it did
 * @param meanTrainLoss the example-weighted mean of the valid replies' last-epoch losses (NaN if none)
 * @param evaluations each site's evaluation on its own test set, in site order; empty when the round did not
 *                    evaluate
 * @param pooled the pooled evaluation ({@link SiteEvaluation#pool}), or null when the round did not evaluate
 * @param externalEvaluations the evaluations on the external test set by the sites holding it, in site order
 * @param pooledExternal their pooled figure, or null when no site evaluated an external set
 */
public record RoundRecord(int round, List<String> selected, List<String> replied, List<SiteFailure> failures,
                          String failedReason, double meanTrainLoss, Map<String, SiteEvaluation> evaluations,
                          SiteEvaluation pooled, Map<String, SiteEvaluation> externalEvaluations,
                          SiteEvaluation pooledExternal) {

    public RoundRecord {
        Messages.round(round);
        selected = List.copyOf(selected);
        replied = List.copyOf(replied);
        failures = List.copyOf(failures);
        evaluations = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(evaluations)));
        externalEvaluations = Collections.unmodifiableMap(
                new LinkedHashMap<>(Objects.requireNonNull(externalEvaluations)));
        if (!selected.containsAll(replied)) {
            throw new IllegalArgumentException("round " + round + ": replied " + replied + " not all in selected "
                    + selected);
        }
        if ((pooled == null) != evaluations.isEmpty()) {
            throw new IllegalArgumentException("round " + round + ": a pooled evaluation needs site evaluations");
        }
    }

    /** True when the round's updates were aggregated into a new global model. */
    public boolean aggregated() {
        return failedReason == null;
    }

    /** True when the global model was evaluated after this round. */
    public boolean evaluated() {
        return pooled != null;
    }
}
