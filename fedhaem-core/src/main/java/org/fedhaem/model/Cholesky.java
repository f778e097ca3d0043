package org.fedhaem.model;

/**
 * Cholesky factorisation of a symmetric positive-definite matrix with a pivot tolerance, used by the Newton fits.
 * A pivot below {@code tolerance * max|diagonal|} marks the matrix singular, as R's {@code cholesky2} does.
 */
final class Cholesky {
    private final double[][] lower;
    private final int singularColumn;

    private Cholesky(double[][] lower, int singularColumn) {
        this.lower = lower;
        this.singularColumn = singularColumn;
    }

    /** Factorises a copy of {@code a} (only the lower triangle is read). */
    static Cholesky of(double[][] a, double tolerance) {
        int p = a.length;
        double maxDiag = 0;
        for (int i = 0; i < p; i++) {
            maxDiag = Math.max(maxDiag, Math.abs(a[i][i]));
        }
        double eps = maxDiag * tolerance;
        double[][] l = new double[p][p];
        for (int j = 0; j < p; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) {
                d -= l[j][k] * l[j][k];
            }
            if (!(d > eps)) {
                return new Cholesky(null, j);
            }
            double root = Math.sqrt(d);
            l[j][j] = root;
            for (int i = j + 1; i < p; i++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = s / root;
            }
        }
        return new Cholesky(l, -1);
    }

    /** The first column whose pivot fell below the tolerance, or -1 when the matrix is positive definite. */
    int singularColumn() {
        return singularColumn;
    }

    /** Solves {@code A x = b}. */
    double[] solve(double[] b) {
        int p = b.length;
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= lower[i][k] * y[k];
            }
            y[i] = s / lower[i][i];
        }
        for (int i = p - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < p; k++) {
                s -= lower[k][i] * y[k];
            }
            y[i] = s / lower[i][i];
        }
        return y;
    }

    /** {@code A^-1}, symmetric. */
    double[][] inverse() {
        int p = lower.length;
        double[][] inv = new double[p][];
        double[] e = new double[p];
        for (int j = 0; j < p; j++) {
            e[j] = 1;
            inv[j] = solve(e);
            e[j] = 0;
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (inv[i][j] + inv[j][i]);
                inv[i][j] = m;
                inv[j][i] = m;
            }
        }
        return inv;
    }
}
