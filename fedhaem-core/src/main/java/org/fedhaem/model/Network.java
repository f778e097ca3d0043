package org.fedhaem.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.fedhaem.random.Seeds;

/**
 * A multilayer perceptron with one output unit, laid out as pycox/torchtuples {@code MLPVanilla}: every hidden block
 * is Linear -> activation -> BatchNorm -> Dropout (that is the order of {@code DenseVanillaBlock.forward}), then a
 * final Linear layer. With a Cox loss this is DeepSurv; with no hidden layer it is a linear model.
 *
 * <p>Parameter names (k = 1..number of hidden layers): {@code layer{k}.weight} [out, in], {@code layer{k}.bias} [out],
 * {@code bn{k}.gamma}, {@code bn{k}.beta}, {@code bn{k}.running_mean}, {@code bn{k}.running_var} [out],
 * {@code out.weight} [1, h] and {@code out.bias} [1]. The batch-norm running statistics are part of
 * {@link #parameters()} (Flower ships them too, so the coordinator averages them) but are not trained by gradients.
 *
 * <p>Not thread-safe: it owns reusable buffers sized to the largest batch seen.
 */
public final class Network {
    static final double BN_EPS = 1e-5;
    static final double BN_MOMENTUM = 0.1;
    private static final long NEGATIVE_ZERO_BITS = Double.doubleToRawLongBits(-0.0);

    private final NetworkSpec spec;
    private final int depth;
    private final int[] sizes;
    private final boolean batchNorm;
    private final double dropout;

    // All trainable values in one flat array (so optimizers run one loop) and their gradient.
    private final double[] weights;
    private final double[] gradient;
    private final int[] wOff;
    private final int[] bOff;
    private final int[] gammaOff;
    private final int[] betaOff;
    private final int outWOff;
    private final int outBOff;
    private final double[][] runningMean;
    private final double[][] runningVar;
    /*
     * The matrix loops run over one row at a time in separate arrays indexed from 0: C2 (JDK 17) does not vectorise
     * a loop that reads one array at several offsets or mixes offset and unoffset indexing. Hence the hidden
     * weights as row arrays, transposed [in][out] for the forward pass and [out][in] for the gradient passed down,
     * the weight gradient accumulated in [out][in] rows, and batch rows or per-unit values copied into scratch.
     */
    private final double[][][] weightsT;
    private final double[][][] weightRows;
    private final double[][][] gradientRows;
    private final double[][] scratch;
    /*
     * The reference loops skip zero terms (zero inputs forward, zero output gradients backward); the dense loops add
     * them, which is bit for bit the same when every product is finite and no sum starts at -0.0 (the only sum
     * x + (+-0) != x is -0.0 + +0.0): finite weights and no -0.0 bias (weightsDense, refreshed with weightsT) and a
     * finite layer input (dense, set per forward pass and reused by backward). Otherwise a layer skips as before.
     */
    private final boolean[] weightsDense;
    private final boolean[] dense;

    private int capacity;
    private double[][] h;
    private double[][] z;
    private double[][] a;
    private double[][] xhat;
    private double[][] mask;
    private double[][] delta;
    private final double[][] batchMean;
    private final double[][] batchInvStd;
    private double[] output;

    /** A network with weights initialised as pycox does, from {@code seed} (purpose "init"). */
    public Network(NetworkSpec spec, long seed) {
        this.spec = spec;
        this.depth = spec.hidden().length;
        this.sizes = new int[depth + 1];
        sizes[0] = spec.inputs();
        System.arraycopy(spec.hidden(), 0, sizes, 1, depth);
        this.batchNorm = spec.batchNorm();
        this.dropout = spec.dropout();
        wOff = new int[depth];
        bOff = new int[depth];
        gammaOff = new int[depth];
        betaOff = new int[depth];
        int n = 0;
        for (int k = 0; k < depth; k++) {
            int in = sizes[k];
            int out = sizes[k + 1];
            wOff[k] = n;
            n += in * out;
            bOff[k] = n;
            n += out;
            if (batchNorm) {
                gammaOff[k] = n;
                n += out;
                betaOff[k] = n;
                n += out;
            }
        }
        outWOff = n;
        n += sizes[depth];
        outBOff = spec.outputBias() ? n : -1;
        if (spec.outputBias()) {
            n++;
        }
        weights = new double[n];
        gradient = new double[n];
        runningMean = new double[depth][];
        runningVar = new double[depth][];
        weightsT = new double[depth][][];
        weightRows = new double[depth][][];
        gradientRows = new double[depth][][];
        weightsDense = new boolean[depth];
        dense = new boolean[depth];
        batchMean = new double[depth][];
        batchInvStd = new double[depth][];
        for (int k = 0; k < depth; k++) {
            int out = sizes[k + 1];
            runningMean[k] = new double[out];
            runningVar[k] = new double[out];
            Arrays.fill(runningVar[k], 1.0);
            weightsT[k] = new double[sizes[k]][out];
            weightRows[k] = new double[out][sizes[k]];
            gradientRows[k] = new double[out][sizes[k]];
            batchMean[k] = new double[out];
            batchInvStd[k] = new double[out];
        }
        int widest = Arrays.stream(sizes).max().getAsInt();
        scratch = new double[6][widest];
        initialise(Seeds.random(seed, "init"));
        refreshTransposed();
    }

    /*
     * Hidden weights: kaiming_normal_(nonlinearity='relu'), std sqrt(2 / fan_in), as torchtuples' w_init_.
     * Hidden biases and the output layer keep torch.nn.Linear's default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
     * Batch norm starts at gamma 1, beta 0, running mean 0, running var 1.
     */
    private void initialise(SplittableRandom rng) {
        for (int k = 0; k < depth; k++) {
            int in = sizes[k];
            int out = sizes[k + 1];
            double std = Math.sqrt(2.0 / in);
            for (int i = 0; i < in * out; i++) {
                weights[wOff[k] + i] = std * gaussian(rng);
            }
            double bound = 1.0 / Math.sqrt(in);
            for (int o = 0; o < out; o++) {
                weights[bOff[k] + o] = rng.nextDouble(-bound, bound);
            }
            if (batchNorm) {
                Arrays.fill(weights, gammaOff[k], gammaOff[k] + out, 1.0);
            }
        }
        double bound = 1.0 / Math.sqrt(sizes[depth]);
        for (int j = 0; j < sizes[depth]; j++) {
            weights[outWOff + j] = rng.nextDouble(-bound, bound);
        }
        if (outBOff >= 0) {
            weights[outBOff] = rng.nextDouble(-bound, bound);
        }
    }

    // Marsaglia polar method: SplittableRandom has no nextGaussian in Java 17.
    private static double gaussian(SplittableRandom rng) {
        double u;
        double v;
        double s;
        do {
            u = 2 * rng.nextDouble() - 1;
            v = 2 * rng.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    public NetworkSpec spec() {
        return spec;
    }

    /** All parameters, including the batch-norm running statistics. */
    public Parameters parameters() {
        List<Parameters.Tensor> list = new ArrayList<>();
        for (int k = 0; k < depth; k++) {
            int in = sizes[k];
            int out = sizes[k + 1];
            String l = "layer" + (k + 1);
            String b = "bn" + (k + 1);
            list.add(new Parameters.Tensor(l + ".weight", new int[] {out, in}, slice(wOff[k], in * out)));
            list.add(new Parameters.Tensor(l + ".bias", new int[] {out}, slice(bOff[k], out)));
            if (batchNorm) {
                list.add(new Parameters.Tensor(b + ".gamma", new int[] {out}, slice(gammaOff[k], out)));
                list.add(new Parameters.Tensor(b + ".beta", new int[] {out}, slice(betaOff[k], out)));
                list.add(new Parameters.Tensor(b + ".running_mean", new int[] {out}, runningMean[k]));
                list.add(new Parameters.Tensor(b + ".running_var", new int[] {out}, runningVar[k]));
            }
        }
        list.add(new Parameters.Tensor("out.weight", new int[] {1, sizes[depth]}, slice(outWOff, sizes[depth])));
        if (outBOff >= 0) {
            list.add(new Parameters.Tensor("out.bias", new int[] {1}, slice(outBOff, 1)));
        }
        return new Parameters(list);
    }

    /**
     * Which entries of {@code parameters().flatten()} gradients train: false for the batch-norm running statistics.
     * The true entries, in order, are exactly the values the optimizer updates.
     */
    public boolean[] trainableMask() {
        int total = weights.length + (batchNorm ? 2 * hiddenUnits() : 0);
        boolean[] mask = new boolean[total];
        int k = 0;
        for (int layer = 0; layer < depth; layer++) {
            int in = sizes[layer];
            int out = sizes[layer + 1];
            int trained = in * out + out + (batchNorm ? 2 * out : 0);
            Arrays.fill(mask, k, k + trained, true);
            k += trained + (batchNorm ? 2 * out : 0);
        }
        Arrays.fill(mask, k, total, true);
        return mask;
    }

    private int hiddenUnits() {
        int units = 0;
        for (int layer = 1; layer <= depth; layer++) {
            units += sizes[layer];
        }
        return units;
    }

    /** Replaces every parameter; {@code p} must have exactly this network's names and shapes. */
    public void setParameters(Parameters p) {
        if (!p.sameLayout(parameters())) {
            throw new IllegalArgumentException("Parameters " + p.tensors() + " do not match this network's layout "
                    + parameters().tensors());
        }
        for (int k = 0; k < depth; k++) {
            String l = "layer" + (k + 1);
            String b = "bn" + (k + 1);
            copyIn(p.get(l + ".weight"), wOff[k]);
            copyIn(p.get(l + ".bias"), bOff[k]);
            if (batchNorm) {
                copyIn(p.get(b + ".gamma"), gammaOff[k]);
                copyIn(p.get(b + ".beta"), betaOff[k]);
                double[] rv = p.get(b + ".running_var");
                for (double v : rv) {
                    if (!(v >= 0)) {
                        throw new IllegalArgumentException(b + ".running_var must be non-negative, got " + v);
                    }
                }
                System.arraycopy(p.get(b + ".running_mean"), 0, runningMean[k], 0, sizes[k + 1]);
                System.arraycopy(rv, 0, runningVar[k], 0, sizes[k + 1]);
            }
        }
        copyIn(p.get("out.weight"), outWOff);
        if (outBOff >= 0) {
            copyIn(p.get("out.bias"), outBOff);
        }
        refreshTransposed();
    }

    private double[] slice(int from, int length) {
        return Arrays.copyOfRange(weights, from, from + length);
    }

    private void copyIn(double[] values, int offset) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("Parameter values must be finite, got " + v);
            }
        }
        System.arraycopy(values, 0, weights, offset, values.length);
    }

    /** The network output in evaluation mode (running batch-norm statistics, no dropout): a log-hazard or a logit. */
    public double[] predict(double[][] x) {
        int n = x.length;
        double[] result = new double[n];
        int chunk = Math.max(capacity, 256);
        for (int start = 0; start < n; start += chunk) {
            int count = Math.min(chunk, n - start);
            load(x, null, start, count);
            forward(count, false, null);
            System.arraycopy(output, 0, result, start, count);
        }
        return result;
    }

    /** The predicted probability sigmoid(output) of a logistic network, in evaluation mode. */
    public double[] predictProbability(double[][] x) {
        double[] p = predict(x);
        for (int i = 0; i < p.length; i++) {
            p[i] = LogisticLoss.sigmoid(p[i]);
        }
        return p;
    }

    // ---- package-private training interface (used by Trainer and the gradient tests) ----

    int trainableSize() {
        return weights.length;
    }

    /** The live trainable values; call {@link #refreshTransposed()} after changing them. */
    double[] weights() {
        return weights;
    }

    /** The live gradient of the last {@link #backward} call. */
    double[] gradient() {
        return gradient;
    }

    boolean usesBatchNorm() {
        return batchNorm;
    }

    double[] output() {
        return output;
    }

    void refreshTransposed() {
        for (int k = 0; k < depth; k++) {
            int in = sizes[k];
            int out = sizes[k + 1];
            double[][] t = weightsT[k];
            boolean ok = true;
            for (int o = 0; o < out; o++) {
                int row = wOff[k] + o * in;
                System.arraycopy(weights, row, weightRows[k][o], 0, in);
                for (int j = 0; j < in; j++) {
                    double w = weights[row + j];
                    t[j][o] = w;
                    ok &= Double.isFinite(w);
                }
                ok &= Double.doubleToRawLongBits(weights[bOff[k] + o]) != NEGATIVE_ZERO_BITS;
            }
            weightsDense[k] = ok;
        }
    }

    /** Copies rows {@code order[start..start+count)} of {@code x} (all rows from start when order is null). */
    void load(double[][] x, int[] order, int start, int count) {
        ensureCapacity(count);
        int in = sizes[0];
        double[] h0 = h[0];
        for (int i = 0; i < count; i++) {
            double[] row = x[order == null ? start + i : order[start + i]];
            if (row.length != in) {
                throw new IllegalArgumentException("Row has " + row.length + " features, the network expects " + in);
            }
            System.arraycopy(row, 0, h0, i * in, in);
        }
    }

    private void ensureCapacity(int n) {
        if (n <= capacity) {
            return;
        }
        capacity = n;
        h = new double[depth + 1][];
        z = new double[depth][];
        a = new double[depth][];
        xhat = new double[depth][];
        mask = new double[depth][];
        delta = new double[depth + 1][];
        for (int k = 0; k <= depth; k++) {
            h[k] = new double[n * sizes[k]];
            delta[k] = new double[n * sizes[k]];
        }
        for (int k = 0; k < depth; k++) {
            int size = n * sizes[k + 1];
            z[k] = new double[size];
            a[k] = new double[size];
            xhat[k] = batchNorm ? new double[size] : null;
            mask[k] = dropout > 0 ? new double[size] : null;
        }
        output = new double[n];
    }

    /**
     * Forward pass on the {@code n} loaded rows. In training mode batch norm uses the batch statistics (biased
     * variance) and updates the running ones as PyTorch does (momentum 0.1, unbiased variance); dropout masks are
     * drawn from {@code rng} (inverted dropout: kept units scaled by 1/(1-p)).
     */
    void forward(int n, boolean training, SplittableRandom rng) {
        if (training && batchNorm && n < 2) {
            throw new IllegalArgumentException("Batch norm in training mode needs at least 2 rows, got " + n);
        }
        for (int k = 0; k < depth; k++) {
            int in = sizes[k];
            int out = sizes[k + 1];
            double[] hin = h[k];
            double[] zk = z[k];
            double[][] wt = weightsT[k];
            int bo = bOff[k];
            dense[k] = weightsDense[k] && allFinite(hin, n * in);
            if (dense[k]) {
                linearDense(hin, in, wt, bo, zk, out, n);
            } else {
                linearSkippingZeros(hin, in, wt, bo, zk, out, n);
            }
            int size = n * out;
            double[] ak = a[k];
            spec.activation().apply(zk, ak, size);
            double[] y = h[k + 1];
            if (batchNorm) {
                normalise(k, n, training);
            } else {
                System.arraycopy(ak, 0, y, 0, size);
            }
            if (training && dropout > 0) {
                drawDropout(rng, mask[k], y, size);
            }
        }
        int last = sizes[depth];
        double[] hl = h[depth];
        double bias = outBOff >= 0 ? weights[outBOff] : 0.0;
        for (int i = 0; i < n; i++) {
            double s = bias;
            int hb = i * last;
            for (int j = 0; j < last; j++) {
                s += hl[hb + j] * weights[outWOff + j];
            }
            output[i] = s;
        }
    }

    /*
     * z[i][o] = bias[o] + sum_j h[i][j] * w[o][j], accumulated in ascending j. Four inputs per pass over a row of z
     * (one Java expression, so still ((z + t_j) + t_j+1) + ...): each z element is loaded and stored once per four
     * products. Zero inputs are not skipped; see dense[].
     */
    private void linearDense(double[] hin, int in, double[][] wt, int bo, double[] zk, int out, int n) {
        double[] acc = scratch[0];
        for (int i = 0; i < n; i++) {
            int hb = i * in;
            System.arraycopy(weights, bo, acc, 0, out);
            int j = 0;
            for (; j + 3 < in; j += 4) {
                double v0 = hin[hb + j];
                double v1 = hin[hb + j + 1];
                double v2 = hin[hb + j + 2];
                double v3 = hin[hb + j + 3];
                double[] w0 = wt[j];
                double[] w1 = wt[j + 1];
                double[] w2 = wt[j + 2];
                double[] w3 = wt[j + 3];
                for (int o = 0; o < out; o++) {
                    acc[o] = acc[o] + v0 * w0[o] + v1 * w1[o] + v2 * w2[o] + v3 * w3[o];
                }
            }
            for (; j < in; j++) {
                double v = hin[hb + j];
                double[] w = wt[j];
                for (int o = 0; o < out; o++) {
                    acc[o] += v * w[o];
                }
            }
            System.arraycopy(acc, 0, zk, i * out, out);
        }
    }

    /** The same sums adding only the terms of non-zero inputs: the reference semantics the dense path reproduces. */
    private void linearSkippingZeros(double[] hin, int in, double[][] wt, int bo, double[] zk, int out, int n) {
        for (int i = 0; i < n; i++) {
            int zb = i * out;
            System.arraycopy(weights, bo, zk, zb, out);
            int hb = i * in;
            for (int j = 0; j < in; j++) {
                double v = hin[hb + j];
                if (v != 0.0) {
                    double[] w = wt[j];
                    for (int o = 0; o < out; o++) {
                        zk[zb + o] += v * w[o];
                    }
                }
            }
        }
    }

    private static boolean allFinite(double[] v, int n) {
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(v[i])) {
                return false;
            }
        }
        return true;
    }

    /*
     * Unit i is dropped when rng.nextDouble() < dropout. nextDouble() is specified as (nextLong() >>> 11) * 2^-53,
     * so that is the integer test (nextLong() >>> 11) < ceil(dropout * 2^53): the same draws and masks, computed
     * without a data-dependent branch (one that mispredicts on half the units at dropout 0.5).
     */
    private void drawDropout(SplittableRandom rng, double[] m, double[] y, int size) {
        double keep = 1.0 / (1.0 - dropout);
        long threshold = (long) Math.ceil(dropout * 0x1.0p53);
        for (int i = 0; i < size; i++) {
            long dropped = ((rng.nextLong() >>> 11) - threshold) >>> 63;
            double mi = (1 - dropped) * keep;
            m[i] = mi;
            y[i] *= mi;
        }
    }

    // Row by row through scratch copies so the loops vectorise (see weightsT).
    private void normalise(int k, int n, boolean training) {
        int out = sizes[k + 1];
        double[] ak = a[k];
        double[] y = h[k + 1];
        double[] mean = batchMean[k];
        double[] invStd = batchInvStd[k];
        double[] row = scratch[0];
        if (training) {
            Arrays.fill(mean, 0.0);
            Arrays.fill(invStd, 0.0);
            for (int i = 0; i < n; i++) {
                System.arraycopy(ak, i * out, row, 0, out);
                for (int o = 0; o < out; o++) {
                    mean[o] += row[o];
                }
            }
            for (int o = 0; o < out; o++) {
                mean[o] /= n;
            }
            // invStd holds the sum of squared deviations until it is converted below.
            for (int i = 0; i < n; i++) {
                System.arraycopy(ak, i * out, row, 0, out);
                for (int o = 0; o < out; o++) {
                    double d = row[o] - mean[o];
                    invStd[o] += d * d;
                }
            }
            double[] rm = runningMean[k];
            double[] rv = runningVar[k];
            for (int o = 0; o < out; o++) {
                double ss = invStd[o];
                rm[o] = (1 - BN_MOMENTUM) * rm[o] + BN_MOMENTUM * mean[o];
                rv[o] = (1 - BN_MOMENTUM) * rv[o] + BN_MOMENTUM * ss / (n - 1);
                invStd[o] = 1.0 / Math.sqrt(ss / n + BN_EPS);
            }
        } else {
            for (int o = 0; o < out; o++) {
                mean[o] = runningMean[k][o];
                invStd[o] = 1.0 / Math.sqrt(runningVar[k][o] + BN_EPS);
            }
        }
        double[] xh = xhat[k];
        double[] gamma = scratch[1];
        double[] beta = scratch[2];
        double[] xRow = scratch[3];
        double[] yRow = scratch[4];
        System.arraycopy(weights, gammaOff[k], gamma, 0, out);
        System.arraycopy(weights, betaOff[k], beta, 0, out);
        for (int i = 0; i < n; i++) {
            int b = i * out;
            System.arraycopy(ak, b, row, 0, out);
            for (int o = 0; o < out; o++) {
                double v = (row[o] - mean[o]) * invStd[o];
                xRow[o] = v;
                yRow[o] = gamma[o] * v + beta[o];
            }
            System.arraycopy(xRow, 0, xh, b, out);
            System.arraycopy(yRow, 0, y, b, out);
        }
    }

    /** Backpropagates dLoss/dOutput of the last training forward pass into {@link #gradient()} (overwritten). */
    void backward(double[] dOutput, int n) {
        Arrays.fill(gradient, 0.0);
        int last = sizes[depth];
        double[] hl = h[depth];
        double[] dh = delta[depth];
        for (int i = 0; i < n; i++) {
            double g = dOutput[i];
            int hb = i * last;
            for (int j = 0; j < last; j++) {
                gradient[outWOff + j] += g * hl[hb + j];
                dh[hb + j] = g * weights[outWOff + j];
            }
            if (outBOff >= 0) {
                gradient[outBOff] += g;
            }
        }
        for (int k = depth - 1; k >= 0; k--) {
            int in = sizes[k];
            int out = sizes[k + 1];
            int size = n * out;
            double[] d = delta[k + 1];
            if (dropout > 0) {
                double[] m = mask[k];
                for (int i = 0; i < size; i++) {
                    d[i] *= m[i];
                }
            }
            if (batchNorm) {
                normaliseBackward(k, n, d);
            }
            spec.activation().backward(z[k], a[k], d, size);
            int wo = wOff[k];
            int bo = bOff[k];
            double[] hin = h[k];
            double[] dIn = k > 0 ? delta[k] : null;
            if (dense[k]) {
                weightGradientDense(k, d, out, hin, in, wo, bo, n);
                if (dIn != null) {
                    inputGradientDense(d, out, weightRows[k], dIn, in, n);
                }
            } else {
                backwardSkippingZeros(d, out, hin, in, wo, bo, dIn, n);
            }
        }
    }

    /*
     * Weight and bias gradients, four rows per pass (register blocking over rows): every gradient element still
     * accumulates its rows in ascending order, in one expression per four rows, so each is loaded and stored once
     * per four products instead of once per product.
     */
    private void weightGradientDense(int k, double[] d, int out, double[] hin, int in, int wo, int bo, int n) {
        double[][] gw = gradientRows[k];
        for (int o = 0; o < out; o++) {
            Arrays.fill(gw[o], 0.0);
        }
        double[] r0 = scratch[0];
        double[] r1 = scratch[1];
        double[] r2 = scratch[2];
        double[] r3 = scratch[3];
        int i = 0;
        for (; i + 3 < n; i += 4) {
            System.arraycopy(hin, i * in, r0, 0, in);
            System.arraycopy(hin, (i + 1) * in, r1, 0, in);
            System.arraycopy(hin, (i + 2) * in, r2, 0, in);
            System.arraycopy(hin, (i + 3) * in, r3, 0, in);
            int d0 = i * out;
            for (int o = 0; o < out; o++) {
                double g0 = d[d0 + o];
                double g1 = d[d0 + out + o];
                double g2 = d[d0 + 2 * out + o];
                double g3 = d[d0 + 3 * out + o];
                gradient[bo + o] = gradient[bo + o] + g0 + g1 + g2 + g3;
                double[] gr = gw[o];
                for (int j = 0; j < in; j++) {
                    gr[j] = gr[j] + g0 * r0[j] + g1 * r1[j] + g2 * r2[j] + g3 * r3[j];
                }
            }
        }
        for (; i < n; i++) {
            System.arraycopy(hin, i * in, r0, 0, in);
            int db = i * out;
            for (int o = 0; o < out; o++) {
                double g = d[db + o];
                gradient[bo + o] += g;
                double[] gr = gw[o];
                for (int j = 0; j < in; j++) {
                    gr[j] += g * r0[j];
                }
            }
        }
        for (int o = 0; o < out; o++) {
            System.arraycopy(gw[o], 0, gradient, wo + o * in, in);
        }
    }

    /* The gradient passed to the layer below, dIn[i][j] = sum_o d[i][o] * w[o][j] in ascending o, four o per pass. */
    private void inputGradientDense(double[] d, int out, double[][] w, double[] dIn, int in, int n) {
        double[] acc = scratch[0];
        for (int i = 0; i < n; i++) {
            int db = i * out;
            Arrays.fill(acc, 0, in, 0.0);
            int o = 0;
            for (; o + 3 < out; o += 4) {
                double g0 = d[db + o];
                double g1 = d[db + o + 1];
                double g2 = d[db + o + 2];
                double g3 = d[db + o + 3];
                double[] w0 = w[o];
                double[] w1 = w[o + 1];
                double[] w2 = w[o + 2];
                double[] w3 = w[o + 3];
                for (int j = 0; j < in; j++) {
                    acc[j] = acc[j] + g0 * w0[j] + g1 * w1[j] + g2 * w2[j] + g3 * w3[j];
                }
            }
            for (; o < out; o++) {
                double g = d[db + o];
                double[] wr = w[o];
                for (int j = 0; j < in; j++) {
                    acc[j] += g * wr[j];
                }
            }
            System.arraycopy(acc, 0, dIn, i * in, in);
        }
    }

    /** The reference semantics: one pass per row, adding only the terms of non-zero output gradients. */
    private void backwardSkippingZeros(double[] d, int out, double[] hin, int in, int wo, int bo, double[] dIn,
                                       int n) {
        if (dIn != null) {
            Arrays.fill(dIn, 0, n * in, 0.0);
        }
        for (int i = 0; i < n; i++) {
            int db = i * out;
            int hb = i * in;
            for (int o = 0; o < out; o++) {
                double g = d[db + o];
                if (g != 0.0) {
                    gradient[bo + o] += g;
                    int row = wo + o * in;
                    for (int j = 0; j < in; j++) {
                        gradient[row + j] += g * hin[hb + j];
                    }
                    if (dIn != null) {
                        for (int j = 0; j < in; j++) {
                            dIn[hb + j] += g * weights[row + j];
                        }
                    }
                }
            }
        }
    }

    /* With s = sum_i dy, t = sum_i dy * xhat: dgamma = t, dbeta = s,
       da = gamma * invStd / n * (n * dy - s - xhat * t), computed in place in d (row by row, as normalise). */
    private void normaliseBackward(int k, int n, double[] d) {
        int out = sizes[k + 1];
        double[] xh = xhat[k];
        double[] sum = scratch[0];
        double[] sumX = scratch[1];
        double[] dRow = scratch[2];
        double[] xRow = scratch[3];
        double[] scale = scratch[4];
        // The gradient entries start at 0 (backward clears them): accumulate from 0 and store them after.
        Arrays.fill(sum, 0, out, 0.0);
        Arrays.fill(sumX, 0, out, 0.0);
        for (int i = 0; i < n; i++) {
            System.arraycopy(d, i * out, dRow, 0, out);
            System.arraycopy(xh, i * out, xRow, 0, out);
            for (int o = 0; o < out; o++) {
                double g = dRow[o];
                sum[o] += g;
                sumX[o] += g * xRow[o];
            }
        }
        System.arraycopy(sum, 0, gradient, betaOff[k], out);
        System.arraycopy(sumX, 0, gradient, gammaOff[k], out);
        double[] invStd = batchInvStd[k];
        System.arraycopy(weights, gammaOff[k], scale, 0, out);
        for (int o = 0; o < out; o++) {
            scale[o] = scale[o] * invStd[o] / n;
        }
        for (int i = 0; i < n; i++) {
            int b = i * out;
            System.arraycopy(d, b, dRow, 0, out);
            System.arraycopy(xh, b, xRow, 0, out);
            for (int o = 0; o < out; o++) {
                dRow[o] = scale[o] * (n * dRow[o] - sum[o] - xRow[o] * sumX[o]);
            }
            System.arraycopy(dRow, 0, d, b, out);
        }
    }
}
