package org.fedhaem.strategy;

/**
 * A strategy's changes to the experiment's local training settings: local epochs, batch size and learning rate
 * when its table sets them (0 or NaN = keep the experiment's), and the FedProx proximal weight (NaN = keep).
 */
record LocalTraining(int localEpochs, int batchSize, double learningRate, double proximalMu) {

    static LocalTraining read(Options o, String learningRateKey, double proximalMu) {
        int epochs = o.optionalInteger("local_epochs", 1);
        int batch = o.optionalInteger("batch_size", 1);
        double lr = o.optionalReal("lr", 0, false);
        if (learningRateKey != null && o.has(learningRateKey)) {
            if (!Double.isNaN(lr)) {
                throw new IllegalArgumentException(o.key("lr") + " and " + o.key(learningRateKey)
                        + " both set the site learning rate; give one");
            }
            lr = o.optionalReal(learningRateKey, 0, false);
        }
        return new LocalTraining(epochs, batch, lr, proximalMu);
    }

    FitSettings apply(FitSettings base) {
        return new FitSettings(localEpochs > 0 ? localEpochs : base.localEpochs(),
                batchSize > 0 ? batchSize : base.batchSize(),
                Double.isNaN(learningRate) ? base.learningRate() : learningRate,
                Double.isNaN(proximalMu) ? base.proximalMu() : proximalMu, base.extras());
    }
}
