package org.fedhaem.model;

/** Element-wise nonlinearity of the hidden layers. */
public enum Activation {
    IDENTITY, RELU, SELU, TANH;

    // Constants of Klambauer et al. 2017, as in torch.nn.SELU.
    static final double SELU_LAMBDA = 1.0507009873554804934193349852946;
    static final double SELU_ALPHA = 1.6732632423543772848170429916717;

    private static final long POSITIVE_INFINITY_BITS = 0x7ff0000000000000L;

    /*
     * Masks on the raw bits of a double: ReLU's comparisons written without a data-dependent branch, which on
     * activations of random sign mispredicts half the time. All ones when the double is > 0, i.e. its bits as a
     * long lie in [1, +infinity's bits] (-b and b - inf - 1 both negative; -0.0's bits, Long.MIN_VALUE, fail the
     * second as it wraps to a positive value); 0 otherwise.
     */
    private static long positiveMask(long bits) {
        return (-bits & (bits - POSITIVE_INFINITY_BITS - 1)) >> 63;
    }

    /** All ones when the double is NaN: its bits without the sign exceed +infinity's. */
    private static long nanMask(long bits) {
        return (POSITIVE_INFINITY_BITS - (bits & Long.MAX_VALUE)) >> 63;
    }

    /** a[i] = f(z[i]) for i < n. */
    void apply(double[] z, double[] a, int n) {
        switch (this) {
            case IDENTITY -> System.arraycopy(z, 0, a, 0, n);
            case RELU -> {
                // a[i] = z[i] > 0 ? z[i] : 0.0, branch-free (see positiveMask).
                for (int i = 0; i < n; i++) {
                    long bits = Double.doubleToRawLongBits(z[i]);
                    a[i] = Double.longBitsToDouble(bits & positiveMask(bits));
                }
            }
            case SELU -> {
                for (int i = 0; i < n; i++) {
                    double v = z[i];
                    a[i] = v > 0 ? SELU_LAMBDA * v : SELU_LAMBDA * SELU_ALPHA * Math.expm1(v);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    a[i] = Math.tanh(z[i]);
                }
            }
        }
    }

    /** d[i] *= f'(z[i]), using a = f(z) where that is cheaper. */
    void backward(double[] z, double[] a, double[] d, int n) {
        switch (this) {
            case IDENTITY -> {
            }
            case RELU -> {
                // if (z[i] <= 0) d[i] = 0.0, branch-free: a NaN z is not <= 0, so it keeps d[i].
                for (int i = 0; i < n; i++) {
                    long bits = Double.doubleToRawLongBits(z[i]);
                    long keep = positiveMask(bits) | nanMask(bits);
                    d[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(d[i]) & keep);
                }
            }
            case SELU -> {
                for (int i = 0; i < n; i++) {
                    d[i] *= z[i] > 0 ? SELU_LAMBDA : a[i] + SELU_LAMBDA * SELU_ALPHA;
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    d[i] *= 1.0 - a[i] * a[i];
                }
            }
        }
    }
}
