package org.fedhaem.model;

/** x'beta + intercept over the rows of a matrix, checking the width and finiteness of every row. */
final class LinearPredictor {
    private LinearPredictor() {
    }

    static double[] of(double[][] x, double[] beta, double intercept) {
        double[] eta = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] row = x[i];
            if (row.length != beta.length) {
                throw new IllegalArgumentException("Row " + i + " has " + row.length + " values, expected "
                        + beta.length);
            }
            double s = intercept;
            for (int j = 0; j < beta.length; j++) {
                s += row[j] * beta[j];
            }
            if (!Double.isFinite(s)) {
                throw new IllegalArgumentException("Row " + i + " gives a non-finite linear predictor");
            }
            eta[i] = s;
        }
        return eta;
    }
}
