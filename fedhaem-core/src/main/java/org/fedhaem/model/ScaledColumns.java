package org.fedhaem.model;

import java.util.List;

/** Centres each column at its mean and scales it by 1 / mean absolute deviation, as R coxph does internally. */
final class ScaledColumns {
    private ScaledColumns() {
    }

    /**
     * Returns (x - mean) * scale column-wise and writes the per-column scale into {@code scale}.
     *
     * @throws IllegalArgumentException naming the first constant column
     */
    static double[][] centreAndScale(double[][] x, List<String> names, double[] scale) {
        return transform(x, names, new double[scale.length], scale);
    }

    /** As {@link #centreAndScale} and also writes the column means into {@code mean}. */
    static double[][] transform(double[][] x, List<String> names, double[] mean, double[] scale) {
        int n = x.length;
        int p = scale.length;
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (double[] row : x) {
                s += row[j];
            }
            double m = s / n;
            double dev = 0;
            for (double[] row : x) {
                dev += Math.abs(row[j] - m);
            }
            if (!(dev > 0)) {
                throw new IllegalArgumentException("Covariate '" + names.get(j) + "' is constant (" + x[0][j]
                        + " in every row): its coefficient is not identifiable");
            }
            mean[j] = m;
            scale[j] = n / dev;
        }
        double[][] z = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                z[i][j] = (x[i][j] - mean[j]) * scale[j];
            }
        }
        return z;
    }
}
