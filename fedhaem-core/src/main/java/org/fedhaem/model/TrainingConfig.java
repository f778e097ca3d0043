package org.fedhaem.model;

/**
 * How {@link Trainer} trains: epochs, mini-batch size, optimizer, learning-rate schedule, Cox ties and the FedProx
 * proximal weight {@code proximalMu} (0 = off; otherwise mu/2 ||w - w_start||^2 is added, w_start being the
 * trainable values when {@code fit} is called, i.e. the global model a site received).
 */
public record TrainingConfig(int epochs, int batchSize, Optimizer optimizer, LearningRateSchedule schedule, Ties ties,
                             double proximalMu) {

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
    }

    /** The seed study's local training: Adam lr 1e-3, batch 512, Breslow (pycox), no decay, no proximal term. */
    public static TrainingConfig deepSurv(int epochs) {
        return new TrainingConfig(epochs, 512, new Adam(1e-3), new LearningRateSchedule.Constant(), Ties.BRESLOW, 0);
    }

    public TrainingConfig withEpochs(int newEpochs) {
        return new TrainingConfig(newEpochs, batchSize, optimizer, schedule, ties, proximalMu);
    }
}
