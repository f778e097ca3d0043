package org.fedhaem.strategy;

import java.util.Map;

/**
 * How one site trains in one round: local epochs, mini-batch size, learning rate, the FedProx proximal weight
 * (0 = off) and named vectors the strategy sends along (e.g. SCAFFOLD's server control variate {@code "control"}).
 */
public record FitSettings(int localEpochs, int batchSize, double learningRate, double proximalMu,
                          Map<String, double[]> extras) {
    public FitSettings {
        if (localEpochs < 1) {
            throw new IllegalArgumentException("local epochs must be >= 1, got " + localEpochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        if (!(proximalMu >= 0) || Double.isInfinite(proximalMu)) {
            throw new IllegalArgumentException("proximal mu must be finite and >= 0, got " + proximalMu);
        }
        extras = extras == null ? Map.of() : Map.copyOf(extras);
    }

    public FitSettings withProximalMu(double mu) {
        return new FitSettings(localEpochs, batchSize, learningRate, mu, extras);
    }

    public FitSettings withExtras(Map<String, double[]> more) {
        return new FitSettings(localEpochs, batchSize, learningRate, proximalMu, more);
    }
}
