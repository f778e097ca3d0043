package org.fedhaem.model;

/** Stochastic gradient descent with PyTorch semantics (torch.optim.SGD): momentum, dampening, Nesterov. */
public record Sgd(double learningRate, double momentum, double dampening, boolean nesterov, double weightDecay)
        implements Optimizer {

    public Sgd {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(dampening >= 0 && dampening <= 1)) {
            throw new IllegalArgumentException("dampening must be in [0, 1], got " + dampening);
        }
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov needs momentum > 0 and dampening 0, got momentum "
                    + momentum + ", dampening " + dampening);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay must be non-negative, got " + weightDecay);
        }
    }

    /** Plain SGD. */
    public Sgd(double learningRate) {
        this(learningRate, 0, 0, false, 0);
    }

    @Override
    public Updater start(int size) {
        double[] buf = new double[size];
        return new Updater() {
            private boolean first = true;

            @Override
            public void step(double[] w, double[] g, double lr) {
                for (int i = 0; i < size; i++) {
                    double d = weightDecay == 0 ? g[i] : g[i] + weightDecay * w[i];
                    if (momentum != 0) {
                        // torch initialises the buffer with the first gradient, undamped.
                        buf[i] = first ? d : momentum * buf[i] + (1 - dampening) * d;
                        d = nesterov ? d + momentum * buf[i] : buf[i];
                    }
                    w[i] -= lr * d;
                }
                first = false;
            }
        };
    }
}
