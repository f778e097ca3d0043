package org.fedhaem.model;

/**
 * A gradient-descent rule (configuration only); {@link #start(int)} creates the per-run state. Weight decay is
 * PyTorch's L2-in-the-gradient (g + wd * w) on every trainable value: weights, biases and batch-norm gamma/beta
 * alike, as {@code torch.optim.Adam(model.parameters(), weight_decay=wd)} does; running statistics are not trained.
 */
public sealed interface Optimizer permits Adam, Sgd {

    double learningRate();

    /** Fresh state (moments, momentum buffers) for {@code size} trainable values. */
    Updater start(int size);

    /** The stateful update of one training run. */
    interface Updater {
        /** Updates {@code w} in place from gradient {@code g} (not modified) with learning rate {@code lr}. */
        void step(double[] w, double[] g, double lr);
    }
}
