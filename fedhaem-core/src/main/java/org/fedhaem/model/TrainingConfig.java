package org.fedhaem.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * How {@link Trainer} trains: epochs, mini-batch size, optimizer, learning-rate schedule, Cox ties, the FedProx
 * proximal weight {@code proximalMu} (0 = off; otherwise mu/2 ||w - w_start||^2 is added, w_start being the
 * trainable values when {@code fit} is called, i.e. the global model a site received) and an optional additive
 * gradient {@code correction} (null = none): a vector in {@code Parameters.flatten()} order added to every
 * mini-batch gradient, SCAFFOLD's c - c_i. Its entries on values gradients do not train (batch-norm running
 * statistics, see {@link Network#trainableMask()}) are ignored.
 */
public record TrainingConfig(int epochs, int batchSize, Optimizer optimizer, LearningRateSchedule schedule, Ties ties,
                             double proximalMu, double[] correction) {

    public TrainingConfig {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be non-negative, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (optimizer == null || schedule == null || ties == null) {
            throw new IllegalArgumentException("optimizer, schedule and ties must not be null");
        }
        if (!(proximalMu >= 0) || Double.isInfinite(proximalMu)) {
            throw new IllegalArgumentException("proximalMu must be finite and non-negative, got " + proximalMu);
        }
        if (correction != null) {
            correction = correction.clone();
            for (int i = 0; i < correction.length; i++) {
                if (!Double.isFinite(correction[i])) {
                    throw new IllegalArgumentException("correction[" + i + "] must be finite, got " + correction[i]);
                }
            }
        }
    }

    /** Without a gradient correction. */
    public TrainingConfig(int epochs, int batchSize, Optimizer optimizer, LearningRateSchedule schedule, Ties ties,
                          double proximalMu) {
        this(epochs, batchSize, optimizer, schedule, ties, proximalMu, null);
    }

    /** The seed study's local training: Adam lr 1e-3, batch 512, Breslow (pycox), no decay, no proximal term. */
    public static TrainingConfig deepSurv(int epochs) {
        return new TrainingConfig(epochs, 512, new Adam(1e-3), new LearningRateSchedule.Constant(), Ties.BRESLOW, 0);
    }

    public TrainingConfig withEpochs(int newEpochs) {
        return new TrainingConfig(newEpochs, batchSize, optimizer, schedule, ties, proximalMu, correction);
    }

    /** The same settings adding {@code flatCorrection} (Parameters order; null = none) to every gradient. */
    public TrainingConfig withCorrection(double[] flatCorrection) {
        return new TrainingConfig(epochs, batchSize, optimizer, schedule, ties, proximalMu, flatCorrection);
    }

    /** A copy of the correction, or null. */
    @Override
    public double[] correction() {
        return correction == null ? null : correction.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingConfig c && epochs == c.epochs && batchSize == c.batchSize
                && optimizer.equals(c.optimizer) && schedule.equals(c.schedule) && ties == c.ties
                && Double.compare(proximalMu, c.proximalMu) == 0 && Arrays.equals(correction, c.correction);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(epochs, batchSize, optimizer, schedule, ties, proximalMu) + Arrays.hashCode(correction);
    }

    @Override
    public String toString() {
        return "TrainingConfig[epochs=" + epochs + ", batchSize=" + batchSize + ", optimizer=" + optimizer
                + ", schedule=" + schedule + ", ties=" + ties + ", proximalMu=" + proximalMu + ", correction="
                + (correction == null ? "none" : correction.length + " values") + "]";
    }
}
