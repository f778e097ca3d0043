package org.fedhaem.model;

/** Adam with PyTorch semantics (torch.optim.Adam, amsgrad off). */
public record Adam(double learningRate, double beta1, double beta2, double eps, double weightDecay)
        implements Optimizer {

    public Adam {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("eps must be positive, got " + eps);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay must be non-negative, got " + weightDecay);
        }
    }

    /** PyTorch defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8, 0.0);
    }

    @Override
    public Updater start(int size) {
        double[] m = new double[size];
        double[] v = new double[size];
        return new Updater() {
            private int step;

            @Override
            public void step(double[] w, double[] g, double lr) {
                step++;
                double bc1 = 1 - Math.pow(beta1, step);
                double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
                double stepSize = lr / bc1;
                for (int i = 0; i < size; i++) {
                    double gi = weightDecay == 0 ? g[i] : g[i] + weightDecay * w[i];
                    m[i] = beta1 * m[i] + (1 - beta1) * gi;
                    v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
                    // The same operation order as torch's _single_tensor_adam.
                    double denom = Math.sqrt(v[i]) / bc2Sqrt + eps;
                    w[i] -= stepSize * (m[i] / denom);
                }
            }
        };
    }
}
