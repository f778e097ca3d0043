package org.fedhaem.experiment;

import org.fedhaem.data.Design;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Outcome;
import org.fedhaem.data.Table;
import org.fedhaem.model.BaselineHazard;
import org.fedhaem.model.Network;

/**
 * A final model of one regime: the network, the preprocessing its inputs need, and for survival models the
 * baseline hazard.
 */
record TrainedModel(Network network, FittedPreprocessing preprocessing, BaselineHazard baseline) {

    /** Predictions on the given rows of a table (the rows must have their outcome, for scoring). */
    Predictions predict(Table table, int[] rows) {
        Design d = preprocessing.apply(table, rows);
        return predict(d);
    }

    Predictions predict(Design d) {
        boolean survival = d.outcome() instanceof Outcome.Survival;
        double[] risk = survival ? network.predict(d.x()) : network.predictProbability(d.x());
        return new Predictions(d.outcome(), risk, survival ? baseline : null);
    }
}
