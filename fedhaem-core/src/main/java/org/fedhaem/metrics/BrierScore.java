package org.fedhaem.metrics;

/**
 * The inverse-probability-of-censoring-weighted Brier score of Graf et al. (1999, Statist. Med. 18:2529-2545), with
 * G the Kaplan-Meier censoring curve of the evaluation data ({@link KaplanMeier#censoring}):
 * BS(t) = (1/n) sum_i [ S_i(t)^2 / G(t_i-) if t_i &lt;= t and event_i; (1 - S_i(t))^2 / G(t) if t_i &gt; t;
 * 0 otherwise ]. Divided by n as in Graf and scikit-survival (pycox divides by the sum of the weights instead).
 * The integrated score is the trapezoid rule over the grid divided by its range, as scikit-survival's
 * {@code integrated_brier_score} does (pycox uses Simpson's rule).
 */
public final class BrierScore {
    private BrierScore() {
    }

    /** BS(t) for predicted survival probabilities {@code survivalAtT[i] = S_i(t)}. */
    public static double at(double[] survivalAtT, double[] time, boolean[] event, double t) {
        Checks.survival(time, event);
        checkProbabilities(survivalAtT, time.length);
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException("t must be finite, got " + t);
        }
        return at(survivalAtT, time, event, t, KaplanMeier.censoring(time, event));
    }

    /** BS at every grid time, for curves {@code surv[patient][k] = S_patient(grid[k])}. */
    public static double[] atGrid(double[][] surv, double[] grid, double[] time, boolean[] event) {
        Checks.survival(time, event);
        Checks.curves(surv, grid, time.length);
        KaplanMeier g = KaplanMeier.censoring(time, event);
        double[] scores = new double[grid.length];
        double[] column = new double[time.length];
        for (int k = 0; k < grid.length; k++) {
            for (int i = 0; i < time.length; i++) {
                column[i] = surv[i][k];
            }
            scores[k] = at(column, time, event, grid[k], g);
        }
        return scores;
    }

    /** The integrated Brier score over the grid (at least two times): trapezoids / (grid[last] - grid[0]). */
    public static double integrated(double[][] surv, double[] grid, double[] time, boolean[] event) {
        if (grid != null && grid.length < 2) {
            throw new IllegalArgumentException("the integrated Brier score needs at least 2 grid times, got "
                    + grid.length);
        }
        double[] scores = atGrid(surv, grid, time, event);
        double area = 0;
        for (int k = 1; k < grid.length; k++) {
            area += (grid[k] - grid[k - 1]) * (scores[k] + scores[k - 1]) / 2;
        }
        return area / (grid[grid.length - 1] - grid[0]);
    }

    private static double at(double[] s, double[] time, boolean[] event, double t, KaplanMeier g) {
        int n = time.length;
        if (n == 0) {
            throw new IllegalArgumentException("the Brier score needs at least one patient");
        }
        double gAtT = g.at(t);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (time[i] <= t && event[i]) {
                sum += s[i] * s[i] / g.before(time[i]);
            } else if (time[i] > t) {
                double miss = 1 - s[i];
                sum += miss * miss / gAtT;
            }
        }
        return sum / n;
    }

    private static void checkProbabilities(double[] s, int n) {
        Checks.finite("survivalAtT", s, n);
        for (int i = 0; i < n; i++) {
            if (s[i] < 0 || s[i] > 1) {
                throw new IllegalArgumentException("survivalAtT[" + i + "] must be in [0, 1], got " + s[i]);
            }
        }
    }
}
