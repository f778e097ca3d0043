package org.fedhaem.metrics;

/**
 * Antolini's time-dependent concordance (Antolini, Boracchi and Biganzoli 2005, Statist. Med. 24:3927-3944) as
 * pycox {@code EvalSurv.concordance_td(method)} computes it, pair by pair (O(n^2), like pycox): for every ordered
 * pair (i, j), i != j, both curves are read at patient i's own time, s_i = S_i(t_i), s_j = S_j(t_i).
 *
 * <p>A patient's time is mapped to a grid column as pycox's {@code idx_at_times} does with its {@code steps}
 * (see {@link GridStep}); the column index is clipped to the grid, so times before the first grid point use the
 * first column and times after the last use the last.
 */
public final class AntoliniC {

    /** The two pycox variants. */
    public enum Method {
        /**
         * pycox 'antolini': comparable iff event_i and (t_i &lt; t_j, or t_i == t_j and not event_j); concordant iff
         * s_i &lt; s_j strictly (ties in s count 0).
         */
        ANTOLINI,
        /**
         * pycox 'adj_antolini' (its default): comparable iff (t_i &lt; t_j and event_i) or (t_i == t_j and
         * (event_i or event_j)); concordance 1 / 0.5 / 0 for s_i &lt; / == / &gt; s_j when t_i &lt; t_j; for
         * t_i == t_j: both events 1 if s_i == s_j else 0.5; only i an event as for t_i &lt; t_j; only j an event
         * with the comparison reversed.
         */
        ADJUSTED
    }

    /** How a time between grid points picks a column. */
    public enum GridStep {
        /** pycox 'post' (the default of current pycox EvalSurv): the last grid point &lt;= t. */
        POST,
        /** pycox 'pre' (older pycox): the first grid point &gt;= t. */
        PRE
    }

    private AntoliniC() {
    }

    /** pycox's default: {@link Method#ADJUSTED} with {@link GridStep#POST}. */
    public static MetricValue concordance(double[][] surv, double[] grid, double[] time, boolean[] event) {
        return concordance(surv, grid, time, event, Method.ADJUSTED, GridStep.POST);
    }

    /**
     * @param surv survival probabilities, {@code surv[patient][k] = S_patient(grid[k])}
     * @param grid strictly increasing times of the curve columns
     */
    public static MetricValue concordance(double[][] surv, double[] grid, double[] time, boolean[] event,
                                          Method method, GridStep step) {
        Checks.survival(time, event);
        Checks.curves(surv, grid, time.length);
        if (method == null || step == null) {
            throw new IllegalArgumentException("method and step must not be null");
        }
        int n = time.length;
        double concordant = 0;
        double comparable = 0;
        for (int i = 0; i < n; i++) {
            int column = column(grid, time[i], step);
            double si = surv[i][column];
            double ti = time[i];
            boolean di = event[i];
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double sj = surv[j][column];
                double tj = time[j];
                boolean dj = event[j];
                if (method == Method.ANTOLINI) {
                    boolean isComparable = (ti < tj && di) || (ti == tj && di && !dj);
                    if (isComparable) {
                        comparable++;
                        if (si < sj) {
                            concordant++;
                        }
                    }
                } else {
                    boolean isComparable = (ti < tj && di) || (ti == tj && (di || dj));
                    if (isComparable) {
                        comparable++;
                        concordant += adjustedConcordance(si, sj, ti, tj, di, dj);
                    }
                }
            }
        }
        return MetricValue.ratio(concordant, comparable, "no comparable pair");
    }

    private static double adjustedConcordance(double si, double sj, double ti, double tj, boolean di, boolean dj) {
        double tie = si == sj ? 0.5 : 0;
        if (ti < tj) {
            return (si < sj ? 1 : 0) + tie;
        }
        if (di && dj) {
            return si != sj ? 0.5 : 1;
        }
        if (di) {
            return (si < sj ? 1 : 0) + tie;
        }
        return (si > sj ? 1 : 0) + tie;
    }

    /** The grid column of time t (numpy searchsorted semantics, clipped to the grid). */
    static int column(double[] grid, double t, GridStep step) {
        int lo = 0;
        int hi = grid.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            boolean goRight = step == GridStep.PRE ? grid[mid] < t : grid[mid] <= t;
            if (goRight) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int index = step == GridStep.PRE ? lo : lo - 1;
        return Math.max(0, Math.min(grid.length - 1, index));
    }
}
