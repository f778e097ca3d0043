package org.fedhaem.model;

/** Element-wise nonlinearity of the hidden layers. */
public enum Activation {
    IDENTITY, RELU, SELU, TANH;

    // Constants of Klambauer et al. 2017, as in torch.nn.SELU.
    static final double SELU_LAMBDA = 1.0507009873554804934193349852946;
    static final double SELU_ALPHA = 1.6732632423543772848170429916717;

    /** a[i] = f(z[i]) for i < n. */
    void apply(double[] z, double[] a, int n) {
        switch (this) {
            case IDENTITY -> System.arraycopy(z, 0, a, 0, n);
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    a[i] = z[i] > 0 ? z[i] : 0.0;
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
                for (int i = 0; i < n; i++) {
                    if (z[i] <= 0) {
                        d[i] = 0.0;
                    }
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
