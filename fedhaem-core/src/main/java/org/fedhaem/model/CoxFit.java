package org.fedhaem.model;

import java.util.List;
import org.fedhaem.model.Parameters.Tensor;

/**
 * An exact Cox proportional-hazards fit on the raw covariate scale.
 *
 * @param names              covariate names, in column order
 * @param coefficients       log hazard ratios per unit of each covariate
 * @param covariance         inverse (penalised) information at the estimate, p by p
 * @param ties               tie handling used
 * @param logLikelihood      log partial likelihood at the estimate (without the penalty)
 * @param nullLogLikelihood  log partial likelihood at beta = 0
 * @param iterations         Newton iterations performed
 * @param converged          whether the relative change of the (penalised) log likelihood met the tolerance
 * @param l2                 ridge penalty used (0 = none)
 */
public record CoxFit(List<String> names, double[] coefficients, double[][] covariance, Ties ties,
        double logLikelihood, double nullLogLikelihood, int iterations, boolean converged, double l2) {

    public CoxFit {
        names = List.copyOf(names);
        int p = names.size();
        if (coefficients.length != p || covariance.length != p) {
            throw new IllegalArgumentException("Expected " + p + " coefficients and a " + p + "x" + p
                    + " covariance, got " + coefficients.length + " and " + covariance.length + " rows");
        }
        coefficients = coefficients.clone();
        covariance = copy(covariance);
        for (int j = 0; j < p; j++) {
            if (covariance[j].length != p) {
                throw new IllegalArgumentException("Covariance row " + j + " has " + covariance[j].length
                        + " values, expected " + p);
            }
        }
        if (ties == null) {
            throw new IllegalArgumentException("ties is null");
        }
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
        return copy(covariance);
    }

    /** The coefficient of the named covariate. */
    public double coefficient(String name) {
        int j = names.indexOf(name);
        if (j < 0) {
            throw new IllegalArgumentException("No covariate named " + name + "; have " + names);
        }
        return coefficients[j];
    }

    /** Square roots of the diagonal of {@link #covariance()}. */
    public double[] standardErrors() {
        double[] se = new double[coefficients.length];
        for (int j = 0; j < se.length; j++) {
            se[j] = Math.sqrt(covariance[j][j]);
        }
        return se;
    }

    /** exp(coefficient) for each covariate. */
    public double[] hazardRatios() {
        double[] hr = new double[coefficients.length];
        for (int j = 0; j < hr.length; j++) {
            hr[j] = Math.exp(coefficients[j]);
        }
        return hr;
    }

    /** Uncentred linear predictor x'beta for each row of {@code x} (higher = higher hazard). */
    public double[] linearPredictor(double[][] x) {
        return LinearPredictor.of(x, coefficients, 0);
    }

    /** As a network without hidden layers: {@code out.weight} of shape [1, p], no bias. */
    public Parameters toParameters() {
        return new Parameters(List.of(new Tensor("out.weight", new int[] {1, coefficients.length}, coefficients)));
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
