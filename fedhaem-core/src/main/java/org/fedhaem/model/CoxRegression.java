package org.fedhaem.model;

import java.util.List;
import org.fedhaem.data.Design;
import org.fedhaem.data.Outcome;

/**
 * Exact Cox proportional-hazards regression by Newton-Raphson, following R {@code coxph} (survival 3.5):
 * start at beta = 0, take full Newton steps, halve the step when the log likelihood falls, and stop when the
 * relative change of the log likelihood is at most {@code epsilon}. Covariates are centred and scaled (by their
 * mean absolute deviation) internally and the result converted back to the raw scale; Newton's method is
 * affine-invariant, so this changes only rounding, not the path.
 *
 * <p>With {@code l2 > 0} the objective maximised is {@code logPL(beta) - l2/2 * sum(beta_j^2)} with beta on the
 * raw scale of the covariates as given (standardise them first for a scale-free penalty).
 *
 * <p>Times are compared exactly: unlike R's {@code timefix}, times differing in the last bits are not merged.
 */
public final class CoxRegression {

    /** Pivot tolerance of the Cholesky factorisation of the scaled information (R: toler.chol). */
    private static final double CHOLESKY_TOLERANCE = 1e-12;
    /** A further Newton step moving some linear predictor by more than this means a coefficient is infinite. */
    private static final double DIVERGING_STEP = 0.5;

    private CoxRegression() {
    }

    /**
     * Stopping rule and penalty.
     *
     * @param maxIterations Newton iterations allowed (R iter.max)
     * @param epsilon       convergence when |1 - oldLogLik / newLogLik| <= epsilon (R eps)
     * @param l2            ridge penalty on the raw-scale coefficients, >= 0
     */
    public record Options(int maxIterations, double epsilon, double l2) {
        /** Run to full convergence, as the oracle's {@code coefficients_tight} (eps 1e-14, 200 iterations). */
        public static final Options TIGHT = new Options(200, 1e-14, 0);
        /** R's default {@code coxph.control()}: eps 1e-9, 20 iterations. */
        public static final Options R_DEFAULT = new Options(20, 1e-9, 0);

        public Options {
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be >= 1: " + maxIterations);
            }
            if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
                throw new IllegalArgumentException("epsilon must be positive and finite: " + epsilon);
            }
            if (!(l2 >= 0) || !Double.isFinite(l2)) {
                throw new IllegalArgumentException("l2 must be finite and >= 0: " + l2);
            }
        }

        public Options withL2(double l2) {
            return new Options(maxIterations, epsilon, l2);
        }
    }

    /**
     * Fits the model. {@code x} is n rows of p raw covariates named by {@code names}; {@code event[i]} is true for
     * an event, false for censoring at {@code time[i]}.
     *
     * @throws IllegalArgumentException on mismatched lengths, non-finite values, negative times, no events, a
     *                                  constant column, a singular information matrix (naming the column) or a
     *                                  monotone likelihood without penalty (a coefficient diverges)
     */
    public static CoxFit fit(double[][] x, double[] time, boolean[] event, List<String> names, Ties ties,
            Options options) {
        FitInputs.checkSurvival(time, event);
        FitInputs.checkMatrix(x, time.length, names);
        if (FitInputs.countEvents(event) == 0) {
            throw new IllegalArgumentException("No events among " + time.length + " rows: the Cox model is undefined");
        }
        int n = time.length;
        int p = names.size();
        double[] scale = new double[p];
        double[][] z = ScaledColumns.centreAndScale(x, names, scale);
        PartialLikelihood pl = PartialLikelihood.of(time, event, z, p, ties);

        double[] penalty = new double[p];
        for (int j = 0; j < p; j++) {
            penalty[j] = options.l2() * scale[j] * scale[j];
        }
        double[] beta = new double[p];
        double[] score = new double[p];
        double[][] info = new double[p][p];
        double nullLogLik = pl.evaluate(beta, score, info);
        double oldObjective = nullLogLik;
        Cholesky chol = factor(info, penalty, names, beta);
        double[] newBeta = add(beta, chol.solve(score));

        boolean halving = false;
        boolean converged = false;
        double logLik = nullLogLik;
        int iter;
        for (iter = 1; iter <= options.maxIterations(); iter++) {
            logLik = pl.evaluate(newBeta, score, info);
            double objective = logLik - penaltyValue(newBeta, penalty);
            for (int j = 0; j < p; j++) {
                score[j] -= penalty[j] * newBeta[j];
            }
            // A rejected trial point (the likelihood fell; the step is halved next) may overshoot so far that its
            // information is singular; as in R, that is no evidence of divergence, so factor accepted points only.
            boolean rejected = !(objective >= oldObjective);
            boolean done = Math.abs(1 - oldObjective / objective) <= options.epsilon() && !halving;
            if (!rejected || done || iter == options.maxIterations()) {
                chol = factor(info, penalty, names, newBeta);
            }
            if (done) {
                converged = true;
                break;
            }
            if (iter == options.maxIterations()) {
                break;
            }
            if (rejected) {
                halving = true;
                for (int j = 0; j < p; j++) {
                    newBeta[j] = 0.5 * (newBeta[j] + beta[j]);
                }
            } else {
                halving = false;
                oldObjective = objective;
                double[] step = chol.solve(score);
                beta = newBeta;
                newBeta = add(newBeta, step);
            }
        }
        if (options.l2() == 0) {
            checkFinite(z, chol.solve(score), names);
        }
        double[][] inverse = chol.inverse();
        double[] coefficients = new double[p];
        double[][] covariance = new double[p][p];
        for (int j = 0; j < p; j++) {
            coefficients[j] = newBeta[j] * scale[j];
            for (int k = 0; k < p; k++) {
                covariance[j][k] = inverse[j][k] * scale[j] * scale[k];
            }
        }
        return new CoxFit(names, coefficients, covariance, ties, logLik, nullLogLik,
                Math.min(iter, options.maxIterations()), converged, options.l2());
    }

    /** Fits the survival outcome of {@code design} on all its features. */
    public static CoxFit fit(Design design, Ties ties, Options options) {
        Outcome.Survival s = design.survival();
        return fit(design.x(), s.time(), s.event(), design.features(), ties, options);
    }

    /**
     * The log partial likelihood of any risk score {@code eta} (higher = higher hazard), such as a Cox linear
     * predictor or a network output. Adding a constant to eta does not change it.
     */
    public static double logPartialLikelihood(double[] time, boolean[] event, double[] eta, Ties ties) {
        FitInputs.checkSurvival(time, event);
        if (eta.length != time.length) {
            throw new IllegalArgumentException("eta has " + eta.length + " values but time has " + time.length);
        }
        FitInputs.checkFinite(eta, "eta");
        return PartialLikelihood.of(time, event, null, 0, ties).logLikelihood(eta);
    }

    /**
     * Monotone likelihood (every event has the extreme covariate value of its risk set) has no finite estimate; the
     * log likelihood still levels off, so the relative-change rule would report convergence. As for R's "coefficient
     * may be infinite" check, look at one more Newton step: near a true maximum it is negligible, while on a diverging
     * direction every step moves the linear predictor by about 1 for ever.
     */
    private static void checkFinite(double[][] z, double[] step, List<String> names) {
        double maxMove = 0;
        for (double[] row : z) {
            double move = 0;
            for (int j = 0; j < step.length; j++) {
                move += row[j] * step[j];
            }
            maxMove = Math.max(maxMove, Math.abs(move));
        }
        if (maxMove > DIVERGING_STEP) {
            int worst = 0;
            for (int j = 1; j < step.length; j++) {
                if (Math.abs(step[j]) > Math.abs(step[worst])) {
                    worst = j;
                }
            }
            throw new IllegalArgumentException("Monotone likelihood: the coefficient of '" + names.get(worst)
                    + "' diverges (a further Newton step moves a linear predictor by " + maxMove
                    + "), so no finite estimate exists. Use an L2 penalty (l2 > 0) or drop the covariate");
        }
    }

    /**
     * Factorises the (penalised) information at {@code beta} (standardised scale). At beta = 0 a singular matrix means
     * collinear covariates; when it first becomes singular later, the risk weights exp(eta) have collapsed onto
     * extreme rows: monotone likelihood, named after the coefficient that has run away (the largest), not the
     * pivot where the factorisation stopped, which is often just the first column.
     */
    private static Cholesky factor(double[][] info, double[] penalty, List<String> names, double[] beta) {
        boolean atStart = true;
        int worst = 0;
        for (int j = 0; j < beta.length; j++) {
            atStart &= beta[j] == 0;
            if (Math.abs(beta[j]) > Math.abs(beta[worst])) {
                worst = j;
            }
        }
        double[][] a = info;
        if (hasPenalty(penalty)) {
            a = new double[info.length][];
            for (int j = 0; j < info.length; j++) {
                a[j] = info[j].clone();
                a[j][j] += penalty[j];
            }
        }
        Cholesky chol = Cholesky.of(a, CHOLESKY_TOLERANCE);
        if (chol.singularColumn() >= 0 && !atStart) {
            throw new IllegalArgumentException("Monotone likelihood: the coefficient of '"
                    + names.get(worst) + "' diverges (the information matrix became singular away "
                    + "from beta = 0), so no finite estimate exists. Use an L2 penalty (l2 > 0) or drop the covariate");
        }
        if (chol.singularColumn() >= 0) {
            throw new IllegalArgumentException("Singular information matrix: covariate '"
                    + names.get(chol.singularColumn())
                    + "' is (nearly) collinear with earlier covariates or constant within the risk sets");
        }
        return chol;
    }

    private static boolean hasPenalty(double[] penalty) {
        for (double v : penalty) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }

    private static double penaltyValue(double[] beta, double[] penalty) {
        double s = 0;
        for (int j = 0; j < beta.length; j++) {
            s += penalty[j] * beta[j] * beta[j];
        }
        return 0.5 * s;
    }

    private static double[] add(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            c[j] = a[j] + b[j];
        }
        return c;
    }
}
