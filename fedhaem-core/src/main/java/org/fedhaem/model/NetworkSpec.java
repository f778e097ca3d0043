package org.fedhaem.model;

import java.util.Arrays;

/**
 * Architecture of a {@link Network}: {@code inputs} features, hidden layer widths, their activation, batch norm,
 * dropout probability and whether the single output unit has a bias.
 */
public record NetworkSpec(int inputs, int[] hidden, Activation activation, boolean batchNorm, double dropout,
                          boolean outputBias) {

    public NetworkSpec {
        if (inputs < 1) {
            throw new IllegalArgumentException("inputs must be at least 1, got " + inputs);
        }
        if (hidden == null) {
            throw new IllegalArgumentException("hidden must not be null (use an empty array for a linear model)");
        }
        hidden = hidden.clone();
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden layer widths must be at least 1, got " + Arrays.toString(hidden));
            }
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation must not be null");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** The seed study's DeepSurv: hidden [32, 32, 32], ReLU, batch norm, dropout 0.5, no output bias. */
    public static NetworkSpec deepSurv(int inputs) {
        return new NetworkSpec(inputs, new int[] {32, 32, 32}, Activation.RELU, true, 0.5, false);
    }

    /** No hidden layer: the output is x'w (+ b), i.e. a linear Cox model or, with a bias, logistic regression. */
    public static NetworkSpec linear(int inputs, boolean outputBias) {
        return new NetworkSpec(inputs, new int[0], Activation.IDENTITY, false, 0, outputBias);
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSpec s && inputs == s.inputs && Arrays.equals(hidden, s.hidden)
                && activation == s.activation && batchNorm == s.batchNorm
                && Double.compare(dropout, s.dropout) == 0 && outputBias == s.outputBias;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(hidden) + java.util.Objects.hash(inputs, activation, batchNorm, dropout, outputBias);
    }

    @Override
    public String toString() {
        return "NetworkSpec[inputs=" + inputs + ", hidden=" + Arrays.toString(hidden) + ", activation=" + activation
                + ", batchNorm=" + batchNorm + ", dropout=" + dropout + ", outputBias=" + outputBias + "]";
    }
}
