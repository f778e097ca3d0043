package org.fedhaem.model;

import java.util.Arrays;

/**
 * What one {@link Trainer#train} run did: the mean mini-batch loss of each epoch (NaN for an epoch in which no batch
 * ran) and the number of optimizer steps taken.
 */
public record TrainingResult(double[] epochLosses, int steps) {
    public TrainingResult {
        epochLosses = epochLosses.clone();
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
    }

    @Override
    public double[] epochLosses() {
        return epochLosses.clone();
    }

    /** The last epoch's mean loss; NaN when there was no epoch or none of its batches ran. */
    public double finalLoss() {
        return epochLosses.length == 0 ? Double.NaN : epochLosses[epochLosses.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingResult r && steps == r.steps && Arrays.equals(epochLosses, r.epochLosses);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(epochLosses) + steps;
    }

    @Override
    public String toString() {
        return "TrainingResult[epochLosses=" + Arrays.toString(epochLosses) + ", steps=" + steps + "]";
    }
}
