package org.fedhaem.model;

/** Per-epoch learning-rate decay, as torch's StepLR / ExponentialLR stepped once per epoch. */
public sealed interface LearningRateSchedule {

    /** The learning rate in epoch {@code epoch} (0-based) starting from {@code base}. */
    double rate(double base, int epoch);

    /** No decay. */
    record Constant() implements LearningRateSchedule {
        @Override
        public double rate(double base, int epoch) {
            return base;
        }
    }

    /** base * gamma^floor(epoch / stepSize). */
    record Step(int stepSize, double gamma) implements LearningRateSchedule {
        public Step {
            if (stepSize < 1) {
                throw new IllegalArgumentException("stepSize must be at least 1, got " + stepSize);
            }
            if (!(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
            }
        }

        @Override
        public double rate(double base, int epoch) {
            return base * Math.pow(gamma, epoch / stepSize);
        }
    }

    /** base * gamma^epoch. */
    record Exponential(double gamma) implements LearningRateSchedule {
        public Exponential {
            if (!(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
            }
        }

        @Override
        public double rate(double base, int epoch) {
            return base * Math.pow(gamma, epoch);
        }
    }
}
