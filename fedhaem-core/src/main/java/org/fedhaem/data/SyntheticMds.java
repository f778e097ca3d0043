package org.fedhaem.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fedhaem.random.Seeds;

/**
 * A synthetic MDS cohort in the seed paper's feature set ({@code Gender, AOD, Neutrophils, Hemoglobin, Platelets,
 * BMB} and 30 mutation flags, then {@code time} in years and {@code event}), drawn from aggregate statistics of the
 * public IWG-PM cohort (IPSS-M study) shipped in {@code mds-synthetic.json}: a Gaussian copula over the 36 columns
 * (percentile tables for the continuous ones, frequencies for the flags, the correlation of their latent normal
 * scores), survival times from the linear Cox model fitted on the real cohort with its piecewise-exponential
 * Breslow baseline, and independent censoring from the real cohort's follow-up (reverse Kaplan-Meier), ending at its
 * 99th percentile. No patient record is stored; see the README beside the JSON file for how it was estimated.
 *
 * <p>Each row uses a fixed number of draws from streams derived from the seed per purpose, so the first {@code n}
 * rows of a larger cohort equal the cohort of size {@code n}.
 */
public final class SyntheticMds {
    /** The seed paper's cohort size (Asti et al., Blood 2024): 4427 patients over three sites. */
    public static final int DEFAULT_SIZE = 4427;

    private static final MdsParameters PARAMETERS = MdsParameters.load();
    private static final double[][] CHOLESKY = cholesky(PARAMETERS.correlation());

    private SyntheticMds() {
    }

    /** The 36 feature columns, in the order of {@code mds_iwgpm.csv}. */
    public static List<String> features() {
        List<String> names = new ArrayList<>();
        for (MdsParameters.Marginal m : PARAMETERS.columns()) {
            names.add(m.name());
        }
        return List.copyOf(names);
    }

    /**
     * {@code n} synthetic patients: the 36 features, {@code time} and {@code event} (1 = death). With
     * {@code missing}, each feature value is blanked (NaN) independently at the real cohort's missing rate of that
     * column (AOD 0.1 %, Neutrophils 4.5 %...); the outcome is never missing and is drawn from the complete values.
     */
    public static Table table(int n, long seed, boolean missing) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        List<MdsParameters.Marginal> marginals = PARAMETERS.columns();
        int p = marginals.size();
        double[] beta = PARAMETERS.coefficients();
        SplittableRandom featureRandom = Seeds.random(seed, "synthetic-mds-features");
        SplittableRandom eventRandom = Seeds.random(seed, "synthetic-mds-event-time");
        SplittableRandom censorRandom = Seeds.random(seed, "synthetic-mds-censoring");
        SplittableRandom missingRandom = Seeds.random(seed, "synthetic-mds-missing");
        double[][] columns = new double[p][n];
        double[] time = new double[n];
        double[] event = new double[n];
        double[] normal = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                normal[j] = featureRandom.nextGaussian();
            }
            double eta = 0;
            for (int j = 0; j < p; j++) {
                double s = 0;
                double[] row = CHOLESKY[j];
                for (int k = 0; k <= j; k++) {
                    s += row[k] * normal[k];
                }
                double v = marginals.get(j).value(s);
                columns[j][i] = v;
                eta += beta[j] * v;
            }
            double t = PARAMETERS.baseline().inverse(exponential(eventRandom) / Math.exp(eta));
            double c = PARAMETERS.censoring().inverse(exponential(censorRandom));
            time[i] = Math.min(t, c);
            event[i] = t <= c ? 1 : 0;
            if (missing) {
                for (int j = 0; j < p; j++) {
                    if (missingRandom.nextDouble() < marginals.get(j).missing()) {
                        columns[j][i] = Double.NaN;
                    }
                }
            }
        }
        List<String> names = new ArrayList<>(features());
        names.add("time");
        names.add("event");
        List<double[]> values = new ArrayList<>(List.of(columns));
        values.add(time);
        values.add(event);
        return Table.ofNumeric(Path.of("synthetic-mds"), names, values);
    }

    /** An Exp(1) draw that is never 0 (so times are > 0): -log of a uniform on the open interval (0, 1). */
    private static double exponential(SplittableRandom random) {
        return -Math.log(((random.nextLong() >>> 11) + 0.5) * 0x1.0p-53);
    }

    /** Lower-triangular L with L L' = a; fails when a is not positive definite. */
    private static double[][] cholesky(double[][] a) {
        int p = a.length;
        double[][] l = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalStateException(MdsParameters.RESOURCE
                                + ": the correlation matrix is not positive definite (pivot " + s + " at row " + i + ")");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }
}
