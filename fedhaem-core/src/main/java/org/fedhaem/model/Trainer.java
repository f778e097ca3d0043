package org.fedhaem.model;

import java.util.SplittableRandom;
import org.fedhaem.data.Outcome;
import org.fedhaem.random.Seeds;

/**
 * Mini-batch training of a {@link Network}: Cox loss for a survival outcome, logistic loss for a binary one.
 * Bit-reproducible for a given seed: epoch e shuffles with {@code Seeds.random(seed, "shuffle", e)} and draws its
 * dropout masks from {@code Seeds.random(seed, "dropout", e)}.
 *
 * <p>Federated use: {@code network.setParameters(global)}, then {@code fit} for E local epochs with a seed derived
 * from (site, round), then {@code network.parameters()}. Each call starts a fresh optimizer state, as a new torch
 * optimizer would.
 *
 * <p>Batches that cannot give a gradient are skipped: a batch of one row when batch norm is on (PyTorch raises)
 * and a Cox batch without events (pycox returns NaN).
 */
public final class Trainer {
    private Trainer() {
    }

    /** Trains {@code network} in place and returns the mean mini-batch loss of each epoch (NaN if none ran). */
    public static double[] fit(Network network, double[][] x, Outcome outcome, TrainingConfig config, long seed) {
        return train(network, x, outcome, config, seed).epochLosses();
    }

    /**
     * Trains {@code network} in place, as {@link #fit}, and also reports the number of optimizer steps taken
     * (epochs times batches, minus the skipped batches), which FedNova and SCAFFOLD need.
     */
    public static TrainingResult train(Network network, double[][] x, Outcome outcome, TrainingConfig config,
                                       long seed) {
        int n = x.length;
        if (outcome.size() != n) {
            throw new IllegalArgumentException("x has " + n + " rows but the outcome has " + outcome.size());
        }
        int p = network.spec().inputs();
        for (int i = 0; i < n; i++) {
            if (x[i].length != p) {
                throw new IllegalArgumentException("Row " + i + " has " + x[i].length + " features, expected " + p);
            }
            for (int j = 0; j < p; j++) {
                if (!Double.isFinite(x[i][j])) {
                    throw new IllegalArgumentException("x[" + i + "][" + j + "] is not finite: " + x[i][j]);
                }
            }
        }
        BatchLoss loss = outcome instanceof Outcome.Survival s
                ? new CoxBatch(s, config.ties(), config.batchSize())
                : new LogisticBatch((Outcome.Binary) outcome, config.batchSize());
        double[] w = network.weights();
        double[] g = network.gradient();
        double mu = config.proximalMu();
        double[] anchor = mu > 0 ? w.clone() : null;
        double[] correction = trainableCorrection(network, config.correction());
        Optimizer.Updater updater = config.optimizer().start(w.length);
        int[] perm = new int[n];
        double[] losses = new double[config.epochs()];
        int minRows = network.usesBatchNorm() ? 2 : 1;
        int steps = 0;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            shuffle(perm, Seeds.random(seed, "shuffle", epoch));
            SplittableRandom dropout = Seeds.random(seed, "dropout", epoch);
            double lr = config.schedule().rate(config.optimizer().learningRate(), epoch);
            double sum = 0;
            int batches = 0;
            for (int start = 0; start < n; start += config.batchSize()) {
                int count = Math.min(config.batchSize(), n - start);
                if (count < minRows || !loss.select(perm, start, count)) {
                    continue;
                }
                network.load(x, perm, start, count);
                network.forward(count, true, dropout);
                sum += loss.lossAndGradient(network.output(), count);
                batches++;
                network.backward(loss.gradient(), count);
                if (anchor != null) {
                    for (int i = 0; i < w.length; i++) {
                        g[i] += mu * (w[i] - anchor[i]);
                    }
                }
                if (correction != null) {
                    for (int i = 0; i < w.length; i++) {
                        g[i] += correction[i];
                    }
                }
                updater.step(w, g, lr);
                steps++;
                network.refreshTransposed();
            }
            losses[epoch] = batches == 0 ? Double.NaN : sum / batches;
        }
        return new TrainingResult(losses, steps);
    }

    /** The trainable entries of a flat (Parameters-order) correction, in the order of the network's weights. */
    private static double[] trainableCorrection(Network network, double[] flat) {
        if (flat == null) {
            return null;
        }
        boolean[] mask = network.trainableMask();
        if (flat.length != mask.length) {
            throw new IllegalArgumentException("correction has " + flat.length + " values, the network has "
                    + mask.length + " parameters");
        }
        double[] out = new double[network.trainableSize()];
        int k = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                out[k++] = flat[i];
            }
        }
        return out;
    }

    // Fisher-Yates from the identity, so an epoch's order depends only on its own seed.
    private static void shuffle(int[] perm, SplittableRandom rng) {
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        for (int i = perm.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
    }

    /** The loss of one mini-batch, with buffers reused across batches. */
    private interface BatchLoss {
        /** Gathers the batch outcome; false when the batch carries no information (no events). */
        boolean select(int[] perm, int start, int count);

        double lossAndGradient(double[] output, int count);

        double[] gradient();
    }

    private static final class CoxBatch implements BatchLoss {
        private final double[] time;
        private final boolean[] event;
        private final CoxLoss cox;
        private final double[] batchTime;
        private final boolean[] batchEvent;
        private final double[] grad;

        CoxBatch(Outcome.Survival s, Ties ties, int batchSize) {
            time = s.time();
            event = s.event();
            for (int i = 0; i < time.length; i++) {
                if (!(time[i] >= 0) || Double.isInfinite(time[i])) {
                    throw new IllegalArgumentException("time[" + i + "] must be finite and non-negative, got " + time[i]);
                }
            }
            cox = new CoxLoss(ties);
            int size = Math.min(batchSize, time.length);
            batchTime = new double[size];
            batchEvent = new boolean[size];
            grad = new double[size];
        }

        @Override
        public boolean select(int[] perm, int start, int count) {
            boolean any = false;
            for (int i = 0; i < count; i++) {
                int r = perm[start + i];
                batchTime[i] = time[r];
                batchEvent[i] = event[r];
                any |= event[r];
            }
            return any;
        }

        @Override
        public double lossAndGradient(double[] output, int count) {
            return cox.compute(output, batchTime, batchEvent, count, grad);
        }

        @Override
        public double[] gradient() {
            return grad;
        }
    }

    private static final class LogisticBatch implements BatchLoss {
        private final boolean[] label;
        private final boolean[] batchLabel;
        private final double[] grad;

        LogisticBatch(Outcome.Binary b, int batchSize) {
            label = b.label();
            int size = Math.min(batchSize, label.length);
            batchLabel = new boolean[size];
            grad = new double[size];
        }

        @Override
        public boolean select(int[] perm, int start, int count) {
            for (int i = 0; i < count; i++) {
                batchLabel[i] = label[perm[start + i]];
            }
            return true;
        }

        @Override
        public double lossAndGradient(double[] output, int count) {
            return LogisticLoss.compute(output, batchLabel, count, grad);
        }

        @Override
        public double[] gradient() {
            return grad;
        }
    }
}
