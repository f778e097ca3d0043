package org.fedhaem.federation;

import java.util.Objects;
import org.fedhaem.model.Adam;
import org.fedhaem.model.LearningRateSchedule;
import org.fedhaem.model.Network;
import org.fedhaem.model.NetworkSpec;
import org.fedhaem.model.Optimizer;
import org.fedhaem.model.Sgd;
import org.fedhaem.model.Ties;
import org.fedhaem.model.TrainingConfig;
import org.fedhaem.strategy.FitSettings;

/**
 * The model every site trains: architecture, task, Cox ties, local optimizer (Adam with PyTorch defaults, or SGD
 * with {@code momentum} and {@code nesterov}), L2 weight decay {@code l2} (PyTorch's, in the gradient) and the
 * probability {@code threshold} above which a binary prediction counts as positive.
 */
public record ModelSetup(NetworkSpec network, Task task, Ties ties, OptimizerKind optimizer, double momentum,
                         boolean nesterov, double l2, double threshold) {

    /** What the model predicts. */
    public enum Task { SURVIVAL, BINARY }

    /** The local optimizer. */
    public enum OptimizerKind { ADAM, SGD }

    public ModelSetup {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(ties, "ties");
        Objects.requireNonNull(optimizer, "optimizer");
        if (optimizer == OptimizerKind.ADAM && (momentum != 0 || nesterov)) {
            throw new IllegalArgumentException("momentum and nesterov apply to sgd only, got momentum " + momentum
                    + ", nesterov " + nesterov + " with adam");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("nesterov needs momentum > 0");
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 must be finite and >= 0, got " + l2);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
        }
    }

    /** Adam, Breslow ties, no weight decay, threshold 0.5. */
    public static ModelSetup of(NetworkSpec network, Task task) {
        return new ModelSetup(network, task, Ties.BRESLOW, OptimizerKind.ADAM, 0, false, 0, 0.5);
    }

    /** A network of this architecture initialised from {@code seed} (e.g. the run's initial global model). */
    public Network newNetwork(long seed) {
        return new Network(network, seed);
    }

    /** The local optimizer at learning rate {@code lr}. */
    public Optimizer optimizer(double lr) {
        return optimizer == OptimizerKind.ADAM
                ? new Adam(lr, 0.9, 0.999, 1e-8, l2)
                : new Sgd(lr, momentum, 0, nesterov, l2);
    }

    /** The local training of one round: constant learning rate, a fresh optimizer state. */
    public TrainingConfig training(FitSettings settings, double[] correction) {
        return new TrainingConfig(settings.localEpochs(), settings.batchSize(), optimizer(settings.learningRate()),
                new LearningRateSchedule.Constant(), ties, settings.proximalMu(), correction);
    }
}
