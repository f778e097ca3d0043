package org.fedhaem.model;

import java.util.ArrayList;
import java.util.List;
import org.fedhaem.data.Design;

/**
 * Exact logistic regression with an intercept by iteratively reweighted least squares (Newton), following R
 * {@code glm(family = binomial)}: start from mu = (y + 1/2) / 2, stop when |dev - devOld| / (|dev| + 0.1) is below
 * {@code epsilon}. Covariates are centred and scaled internally and the result converted back to the raw scale.
 *
 * <p>With {@code l2 > 0} the objective minimised is {@code deviance(beta) + l2 * sum_{j >= 1} beta_j^2}, i.e. the
 * negative log likelihood plus {@code l2/2 * |beta|^2}, with beta the raw-scale covariate coefficients; the
 * intercept is not penalised. The reported covariance is the inverse of the penalised information.
 *
 * <p>Perfect or quasi-complete separation (no finite maximum likelihood estimate) is reported as an
 * {@link IllegalArgumentException} rather than returning diverging coefficients: at the final iterate a further
 * Newton step would still move some linear predictor by more than 1/2 (on separated rows every Newton step adds
 * about 1 to |eta| for ever), or the fitted probabilities reached 0 or 1 in double precision. A positive
 * {@code l2} always gives a finite estimate, so penalised fits are not checked.
 */
public final class LogisticRegression {

    private static final double CHOLESKY_TOLERANCE = 1e-12;
    /** A further Newton step moving some eta by more than this means the estimate is running off to infinity. */
    private static final double DIVERGING_STEP = 0.5;
    /** |eta| above this gives a fitted probability of exactly 0 or 1 in double precision. */
    private static final double SATURATED_ETA = 36.8;
    private static final int MAX_HALVINGS = 30;

    private LogisticRegression() {
    }

    /**
     * Stopping rule.
     *
     * @param maxIterations IRLS iterations allowed (R maxit)
     * @param epsilon       convergence when |dev - devOld| / (|dev| + 0.1) < epsilon (R epsilon)
     */
    public record Options(int maxIterations, double epsilon) {
        /** Run to full convergence. */
        public static final Options TIGHT = new Options(100, 1e-14);
        /** R's default {@code glm.control()}: epsilon 1e-8, 25 iterations. */
        public static final Options R_DEFAULT = new Options(25, 1e-8);

        public Options {
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be >= 1: " + maxIterations);
            }
            if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
                throw new IllegalArgumentException("epsilon must be positive and finite: " + epsilon);
            }
        }
    }

    /**
     * Fits {@code P(label) = 1 / (1 + exp(-(b0 + x'beta)))}.
     *
     * @throws IllegalArgumentException on mismatched lengths, non-finite values, a single class, a constant or
     *                                  collinear column (named), or separation
     */
    public static LogisticFit fit(double[][] x, boolean[] label, List<String> names, double l2, Options options) {
        if (!(l2 >= 0) || !Double.isFinite(l2)) {
            throw new IllegalArgumentException("l2 must be finite and >= 0: " + l2);
        }
        FitInputs.checkMatrix(x, label.length, names);
        int n = label.length;
        int positives = FitInputs.countEvents(label);
        if (positives == 0 || positives == n) {
            throw new IllegalArgumentException("Only one class among " + n + " labels (" + positives
                    + " positive): logistic regression is undefined");
        }
        int p = names.size();
        int k = p + 1;
        double[] mean = new double[p];
        double[] scale = new double[p];
        double[][] zx = ScaledColumns.transform(x, names, mean, scale);
        double[] z = new double[n * k];
        for (int i = 0; i < n; i++) {
            z[i * k] = 1;
            System.arraycopy(zx[i], 0, z, i * k + 1, p);
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = label[i] ? 1 : 0;
        }
        double[] penalty = new double[k];
        for (int j = 0; j < p; j++) {
            penalty[j + 1] = l2 * scale[j] * scale[j];
        }
        List<String> coefNames = new ArrayList<>();
        coefNames.add(LogisticFit.INTERCEPT);
        coefNames.addAll(names);

        Irls irls = new Irls(z, y, n, k, penalty, coefNames);
        double[] eta = new double[n];
        for (int i = 0; i < n; i++) {
            eta[i] = Math.log((y[i] + 0.5) / (1.5 - y[i]));
        }
        double devOld = irls.deviance(eta);
        double[] gamma = null;
        boolean converged = false;
        int iter;
        for (iter = 1; iter <= options.maxIterations(); iter++) {
            double[] next = irls.weightedLeastSquares(eta);
            double[] nextEta = irls.linearPredictor(next);
            double dev = irls.deviance(nextEta) + irls.penalty(next);
            // Test convergence on the full Newton step before any halving, as R does: at the optimum rounding can
            // make the deviance a hair higher, and halving then would stop half a step short of the estimate.
            if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < options.epsilon()) {
                gamma = next;
                eta = nextEta;
                converged = true;
                break;
            }
            for (int h = 0; gamma != null && !(dev <= devOld) && h < MAX_HALVINGS; h++) {
                for (int j = 0; j < k; j++) {
                    next[j] = 0.5 * (next[j] + gamma[j]);
                }
                nextEta = irls.linearPredictor(next);
                dev = irls.deviance(nextEta) + irls.penalty(next);
            }
            gamma = next;
            eta = nextEta;
            devOld = dev;
        }
        if (l2 == 0) {
            irls.checkNotSeparated(gamma, eta);
        }

        double[][] inverse = irls.information(eta).inverse();
        double[][] t = new double[k][k];
        t[0][0] = 1;
        for (int j = 0; j < p; j++) {
            t[0][j + 1] = -mean[j] * scale[j];
            t[j + 1][j + 1] = scale[j];
        }
        double[] coefficients = new double[k];
        for (int a = 0; a < k; a++) {
            double s = 0;
            for (int b = 0; b < k; b++) {
                s += t[a][b] * gamma[b];
            }
            coefficients[a] = s;
        }
        double[][] covariance = sandwich(t, inverse);
        return new LogisticFit(coefNames, coefficients, covariance, irls.deviance(eta), nullDeviance(y, positives),
                Math.min(iter, options.maxIterations()), converged, l2);
    }

    /** Fits the binary outcome of {@code design} on all its features. */
    public static LogisticFit fit(Design design, double l2, Options options) {
        return fit(design.x(), design.binary().label(), design.features(), l2, options);
    }

    private static double nullDeviance(double[] y, int positives) {
        double m = (double) positives / y.length;
        return -2 * (positives * Math.log(m) + (y.length - positives) * Math.log(1 - m));
    }

    /** T C T'. */
    private static double[][] sandwich(double[][] t, double[][] c) {
        int k = t.length;
        double[][] tc = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double s = 0;
                for (int m = 0; m < k; m++) {
                    s += t[a][m] * c[m][b];
                }
                tc[a][b] = s;
            }
        }
        double[][] out = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double s = 0;
                for (int m = 0; m < k; m++) {
                    s += tc[a][m] * t[b][m];
                }
                out[a][b] = s;
            }
        }
        return out;
    }

    /** The IRLS linear algebra on the internally scaled design (column 0 is the intercept). */
    private static final class Irls {
        private final double[] z;
        private final double[] y;
        private final int n;
        private final int k;
        private final double[] penalty;
        private final List<String> names;

        Irls(double[] z, double[] y, int n, int k, double[] penalty, List<String> names) {
            this.z = z;
            this.y = y;
            this.n = n;
            this.k = k;
            this.penalty = penalty;
            this.names = names;
            checkFullRank();
        }

        /** Collinearity is a property of the design alone: test Z'Z before any weights can vanish. */
        private void checkFullRank() {
            double[][] a = new double[k][k];
            for (int i = 0; i < n; i++) {
                int o = i * k;
                for (int j = 0; j < k; j++) {
                    for (int m = 0; m <= j; m++) {
                        a[j][m] += z[o + j] * z[o + m];
                    }
                }
            }
            int singular = Cholesky.of(a, CHOLESKY_TOLERANCE).singularColumn();
            if (singular >= 0) {
                throw new IllegalArgumentException("Singular design: '" + names.get(singular)
                        + "' is (nearly) collinear with the intercept and earlier covariates");
            }
        }

        double[] linearPredictor(double[] gamma) {
            double[] eta = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0;
                int o = i * k;
                for (int j = 0; j < k; j++) {
                    s += z[o + j] * gamma[j];
                }
                eta[i] = s;
            }
            return eta;
        }

        /** -2 log likelihood, computed as 2 softplus(-/+ eta) so that it neither overflows nor loses digits. */
        double deviance(double[] eta) {
            double d = 0;
            for (int i = 0; i < n; i++) {
                d += softplus(y[i] == 1 ? -eta[i] : eta[i]);
            }
            return 2 * d;
        }

        double penalty(double[] gamma) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += penalty[j] * gamma[j] * gamma[j];
            }
            return s;
        }

        /** Solves (Z'WZ + P) gamma = Z'(W eta + y - mu) with weights at {@code eta}: one Newton step. */
        double[] weightedLeastSquares(double[] eta) {
            double[] rhs = new double[k];
            Cholesky chol = information(eta, rhs);
            return chol.solve(rhs);
        }

        Cholesky information(double[] eta) {
            return information(eta, new double[k]);
        }

        private Cholesky information(double[] eta, double[] rhs) {
            double[][] a = new double[k][k];
            double maxAbsEta = 0;
            for (int i = 0; i < n; i++) {
                double mu = logistic(eta[i]);
                double e = Math.exp(-Math.abs(eta[i]));
                double w = e / ((1 + e) * (1 + e));
                double r = w * eta[i] + y[i] - mu;
                int o = i * k;
                for (int j = 0; j < k; j++) {
                    double wz = w * z[o + j];
                    rhs[j] += r * z[o + j];
                    double[] aj = a[j];
                    for (int m = 0; m <= j; m++) {
                        aj[m] += wz * z[o + m];
                    }
                }
                maxAbsEta = Math.max(maxAbsEta, Math.abs(eta[i]));
            }
            for (int j = 0; j < k; j++) {
                a[j][j] += penalty[j];
                for (int m = 0; m < j; m++) {
                    a[m][j] = a[j][m];
                }
            }
            Cholesky chol = Cholesky.of(a, CHOLESKY_TOLERANCE);
            if (chol.singularColumn() >= 0) {
                // the unweighted design has full rank (checked first), so the weights p(1-p) have collapsed
                throw separation("the information matrix became singular at '" + names.get(chol.singularColumn())
                        + "' (|linear predictor| up to " + maxAbsEta + ")");
            }
            return chol;
        }

        /** Throws when one more Newton step would still move the fit a long way (see the class comment). */
        void checkNotSeparated(double[] gamma, double[] eta) {
            double[] rhs = new double[k];
            Cholesky chol = information(eta, rhs);
            double[] next = chol.solve(rhs);
            double[] step = new double[k];
            for (int j = 0; j < k; j++) {
                step[j] = next[j] - gamma[j];
            }
            double[] move = linearPredictor(step);
            double maxMove = 0;
            double maxAbsEta = 0;
            for (int i = 0; i < n; i++) {
                maxMove = Math.max(maxMove, Math.abs(move[i]));
                maxAbsEta = Math.max(maxAbsEta, Math.abs(eta[i]));
            }
            if (maxMove > DIVERGING_STEP || maxAbsEta > SATURATED_ETA) {
                throw separation("coefficients diverge (a further Newton step moves a linear predictor by "
                        + maxMove + "; max |linear predictor| " + maxAbsEta + ")");
            }
        }

        private static IllegalArgumentException separation(String detail) {
            return new IllegalArgumentException("Perfect or quasi-complete separation: the classes can be split by a "
                    + "linear rule, so no finite maximum likelihood estimate exists; " + detail
                    + ". Use an L2 penalty (l2 > 0) or fewer covariates");
        }
    }

    static double logistic(double eta) {
        return 1 / (1 + Math.exp(-eta));
    }

    private static double softplus(double t) {
        return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
    }
}
