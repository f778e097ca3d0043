package org.fedhaem.model;

import java.util.ArrayList;
import java.util.List;
import org.fedhaem.model.Parameters.Tensor;

/**
 * An exact logistic regression fit on the raw covariate scale.
 *
 * @param names        coefficient names as R prints them: {@code "(Intercept)"} followed by the covariates
 * @param coefficients intercept then log odds ratios per unit of each covariate
 * @param covariance   inverse (penalised) Fisher information at the estimate, (p+1) by (p+1)
 * @param deviance     -2 log likelihood at the estimate (without the penalty)
 * @param nullDeviance -2 log likelihood of the intercept-only model
 * @param iterations   IRLS iterations performed
 * @param converged    whether the relative change of the (penalised) deviance met the tolerance
 * @param l2           ridge penalty used (0 = none)
 */
public record LogisticFit(List<String> names, double[] coefficients, double[][] covariance, double deviance,
        double nullDeviance, int iterations, boolean converged, double l2) {

    /** R's name of the intercept coefficient. */
    public static final String INTERCEPT = "(Intercept)";

    public LogisticFit {
        names = List.copyOf(names);
        if (names.isEmpty() || !INTERCEPT.equals(names.get(0))) {
            throw new IllegalArgumentException("names must start with " + INTERCEPT + ": " + names);
        }
        int k = names.size();
        if (coefficients.length != k || covariance.length != k) {
            throw new IllegalArgumentException("Expected " + k + " coefficients and a " + k + "x" + k
                    + " covariance, got " + coefficients.length + " and " + covariance.length + " rows");
        }
        coefficients = coefficients.clone();
        double[][] c = new double[k][];
        for (int j = 0; j < k; j++) {
            if (covariance[j].length != k) {
                throw new IllegalArgumentException("Covariance row " + j + " has " + covariance[j].length
                        + " values, expected " + k);
            }
            c[j] = covariance[j].clone();
        }
        covariance = c;
        if (!(l2 >= 0)) {
            throw new IllegalArgumentException("l2 must be >= 0: " + l2);
        }
    }

    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    @Override
    public double[][] covariance() {
        double[][] c = new double[covariance.length][];
        for (int j = 0; j < c.length; j++) {
            c[j] = covariance[j].clone();
        }
        return c;
    }

    /** The covariate names (without the intercept). */
    public List<String> covariates() {
        return names.subList(1, names.size());
    }

    /** The coefficient named {@code name} ({@code "(Intercept)"} or a covariate). */
    public double coefficient(String name) {
        int j = names.indexOf(name);
        if (j < 0) {
            throw new IllegalArgumentException("No coefficient named " + name + "; have " + names);
        }
        return coefficients[j];
    }

    public double intercept() {
        return coefficients[0];
    }

    /** Square roots of the diagonal of {@link #covariance()}, in the order of {@link #names()}. */
    public double[] standardErrors() {
        double[] se = new double[coefficients.length];
        for (int j = 0; j < se.length; j++) {
            se[j] = Math.sqrt(covariance[j][j]);
        }
        return se;
    }

    /** Log likelihood at the estimate: -deviance / 2 (the saturated model of 0/1 labels has log likelihood 0). */
    public double logLikelihood() {
        return -deviance / 2;
    }

    /** Log odds intercept + x'beta for each row of {@code x} (covariates in the order of {@link #covariates()}). */
    public double[] linearPredictor(double[][] x) {
        return LinearPredictor.of(x, weights(), coefficients[0]);
    }

    /** Predicted probability of the positive class for each row of {@code x}. */
    public double[] probabilities(double[][] x) {
        double[] eta = linearPredictor(x);
        for (int i = 0; i < eta.length; i++) {
            eta[i] = 1 / (1 + Math.exp(-eta[i]));
        }
        return eta;
    }

    /** As a network without hidden layers: {@code out.weight} [1, p] and {@code out.bias} [1] (the intercept). */
    public Parameters toParameters() {
        List<Tensor> tensors = new ArrayList<>();
        tensors.add(new Tensor("out.weight", new int[] {1, coefficients.length - 1}, weights()));
        tensors.add(new Tensor("out.bias", new int[] {1}, new double[] {coefficients[0]}));
        return new Parameters(tensors);
    }

    private double[] weights() {
        double[] w = new double[coefficients.length - 1];
        System.arraycopy(coefficients, 1, w, 0, w.length);
        return w;
    }
}
