package org.fedhaem.model;

/**
 * Mean binary cross-entropy with logits (torch {@code BCEWithLogitsLoss}), in the stable form
 * max(z, 0) - z y + log(1 + e^-|z|), and its gradient (sigmoid(z) - y) / n.
 */
public final class LogisticLoss {
    private LogisticLoss() {
    }

    public static double value(double[] logit, boolean[] label) {
        validate(logit, label);
        return compute(logit, label, logit.length, null);
    }

    /** The loss, writing d loss / d logit into {@code gradient} (same length). */
    public static double valueAndGradient(double[] logit, boolean[] label, double[] gradient) {
        validate(logit, label);
        if (gradient.length != logit.length) {
            throw new IllegalArgumentException("gradient has length " + gradient.length + ", logit " + logit.length);
        }
        return compute(logit, label, logit.length, gradient);
    }

    static void validate(double[] logit, boolean[] label) {
        if (label.length != logit.length) {
            throw new IllegalArgumentException("Lengths differ: logit " + logit.length + ", label " + label.length);
        }
        if (logit.length == 0) {
            throw new IllegalArgumentException("No observations");
        }
        for (int i = 0; i < logit.length; i++) {
            if (!Double.isFinite(logit[i])) {
                throw new IllegalArgumentException("logit[" + i + "] is not finite: " + logit[i]);
            }
        }
    }

    static double compute(double[] logit, boolean[] label, int n, double[] gradient) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double z = logit[i];
            double y = label[i] ? 1.0 : 0.0;
            sum += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
            if (gradient != null) {
                gradient[i] = (sigmoid(z) - y) / n;
            }
        }
        return sum / n;
    }

    static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }
}
