package org.fedhaem.model;

import java.util.Arrays;
import java.util.List;

/**
 * A federated Breslow baseline hazard on a shared, coarse time grid: no event time leaves a site, only per-bin
 * counts and sums (docs/federated-statistics.md).
 *
 * <p>The grid is a list of bin starts g_0 < g_1 < ... < g_{K-1}; bin b is [g_b, g_{b+1}) and the last bin is
 * [g_{K-1}, infinity). It is chosen from shared information only, in two rounds:
 * <ol>
 * <li>each site sends its largest follow-up time rounded up to a multiple of a coarse {@code unit}
 * ({@link #roundedMaxTime}); the coordinator splits [0, the largest of them] into {@code bins} equal bins
 * ({@link #equalGrid});</li>
 * <li>each site sends its event count per bin ({@link #eventCounts}); the coordinator merges adjacent bins, from
 * the first, until every bin holds at least {@code minEvents} events over all sites ({@link #coarsen}).</li>
 * </ol>
 * Then each site sends {@link BinSums} for its training rows and risk scores ({@link #site}), and the coordinator
 * sums them in site order and accumulates ({@link #hazard}):
 * H0(g_k) = sum over bins b <= k of d_b / R_b, with d_b the pooled events in bin b and R_b the pooled sum of
 * exp(eta) over the patients at risk at the bin's start (time >= g_b).
 *
 * <p>Approximation: every event of a bin is counted at the bin's start, against the risk set of the bin's start.
 * The exact Breslow estimator counts each event at its own time t with the smaller risk set {time >= t}. So on each
 * bin the increment is at most the exact one (the risk set is larger) but it is taken earlier (at g_b); at a time t
 * in bin k, H0(t) lies below the exact H0 at the end of bin k. When each bin holds exactly one distinct event time
 * and starts at it, the two are identical.
 */
public final class FederatedBaseline {
    private FederatedBaseline() {
    }

    /** A site's largest follow-up time rounded up to a multiple of {@code unit}: all it shares for the grid's end. */
    public static double roundedMaxTime(double[] time, double unit) {
        if (!(unit > 0) || Double.isInfinite(unit)) {
            throw new IllegalArgumentException("unit must be finite and > 0, got " + unit);
        }
        if (time.length == 0) {
            throw new IllegalArgumentException("no follow-up times");
        }
        FitInputs.checkSurvival(time, new boolean[time.length]);
        double max = 0;
        for (double t : time) {
            max = Math.max(max, t);
        }
        return Math.ceil(max / unit) * unit;
    }

    /**
     * The bin starts of {@code bins} equal bins over [0, max of {@code siteMaxTimes}]: 0, w, ..., (bins - 1) w with
     * w = max / bins.
     */
    public static double[] equalGrid(double[] siteMaxTimes, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
        double max = 0;
        for (double t : siteMaxTimes) {
            if (!(t >= 0) || Double.isInfinite(t)) {
                throw new IllegalArgumentException("site max time must be finite and >= 0, got " + t);
            }
            max = Math.max(max, t);
        }
        if (!(max > 0)) {
            throw new IllegalArgumentException("the sites' largest follow-up time is 0: no grid to build");
        }
        double[] grid = new double[bins];
        for (int b = 0; b < bins; b++) {
            grid[b] = b * max / bins;
        }
        return grid;
    }

    /** A site's number of events in each bin of {@code grid}. */
    public static int[] eventCounts(double[] time, boolean[] event, double[] grid) {
        checkGrid(grid);
        FitInputs.checkSurvival(time, event);
        int[] d = new int[grid.length];
        for (int i = 0; i < time.length; i++) {
            if (event[i]) {
                d[eventBin(time[i], i, grid)]++;
            }
        }
        return d;
    }

    /**
     * Merges adjacent bins of {@code grid}, from the first, until each holds at least {@code minEvents} of the
     * events the sites counted ({@link #eventCounts}, summed here); a last group with fewer joins the one before.
     * Returns the kept bin starts (always including {@code grid[0]}).
     */
    public static double[] coarsen(double[] grid, List<int[]> siteEventCounts, int minEvents) {
        checkGrid(grid);
        if (minEvents < 1) {
            throw new IllegalArgumentException("minEvents must be >= 1, got " + minEvents);
        }
        long[] pooled = new long[grid.length];
        for (int[] counts : siteEventCounts) {
            if (counts.length != grid.length) {
                throw new IllegalArgumentException("a site counted events in " + counts.length + " bins, the grid has "
                        + grid.length);
            }
            for (int b = 0; b < counts.length; b++) {
                if (counts[b] < 0) {
                    throw new IllegalArgumentException("event count of bin " + b + " is negative: " + counts[b]);
                }
                pooled[b] += counts[b];
            }
        }
        double[] starts = new double[grid.length];
        int kept = 0;
        long open = 0;
        long total = 0;
        int groupStart = 0;
        for (int b = 0; b < grid.length; b++) {
            open += pooled[b];
            total += pooled[b];
            if (open >= minEvents) {
                starts[kept++] = grid[groupStart];
                groupStart = b + 1;
                open = 0;
            }
        }
        if (kept == 0) {
            throw new IllegalArgumentException("the sites have " + total + " events in all, fewer than the "
                    + minEvents + " every bin must hold");
        }
        return Arrays.copyOf(starts, kept);
    }

    /** A site's event counts and log risk-set sums per bin of {@code grid} for its rows and risk scores {@code eta}. */
    public static BinSums site(double[] time, boolean[] event, double[] eta, double[] grid) {
        checkGrid(grid);
        FitInputs.checkSurvival(time, event);
        if (eta.length != time.length) {
            throw new IllegalArgumentException("eta has " + eta.length + " values but time has " + time.length);
        }
        FitInputs.checkFinite(eta, "eta");
        int bins = grid.length;
        int[] d = new int[bins];
        int[] bin = new int[time.length];
        // per bin, the log-sum-exp of eta over the patients whose time falls in it: max first, then the sum
        double[] max = new double[bins];
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < time.length; i++) {
            bin[i] = event[i] ? eventBin(time[i], i, grid) : binOf(time[i], grid);
            if (bin[i] >= 0) {
                max[bin[i]] = Math.max(max[bin[i]], eta[i]);
                if (event[i]) {
                    d[bin[i]]++;
                }
            }
        }
        double[] sum = new double[bins];
        for (int i = 0; i < time.length; i++) {
            if (bin[i] >= 0) {
                sum[bin[i]] += Math.exp(eta[i] - max[bin[i]]);
            }
        }
        // at risk at the start of bin b = every patient whose time falls in bin b or a later one
        double[] logRisk = new double[bins];
        double running = Double.NEGATIVE_INFINITY;
        for (int b = bins - 1; b >= 0; b--) {
            if (sum[b] > 0) {
                running = BinSums.logAdd(running, max[b] + Math.log(sum[b]));
            }
            logRisk[b] = running;
        }
        return new BinSums(d, logRisk);
    }

    /**
     * The baseline hazard from the sites' sums, added in list order: Breslow on the grid, with {@code times} the
     * grid's bin starts (so {@link SavedModel} and survival curves work unchanged).
     */
    public static BaselineHazard hazard(double[] grid, List<BinSums> sites) {
        checkGrid(grid);
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("no site sums");
        }
        BinSums pooled = null;
        for (BinSums s : sites) {
            if (s.bins() != grid.length) {
                throw new IllegalArgumentException("a site sent sums over " + s.bins() + " bins, the grid has "
                        + grid.length);
            }
            pooled = pooled == null ? s : pooled.plus(s);
        }
        int[] d = pooled.events();
        double[] logRisk = pooled.logRiskSum();
        double[] h = new double[grid.length];
        double cum = 0;
        long events = 0;
        for (int b = 0; b < grid.length; b++) {
            if (d[b] > 0) {
                cum += d[b] * Math.exp(-logRisk[b]);
                events += d[b];
            }
            h[b] = cum;
        }
        if (events == 0) {
            throw new IllegalArgumentException("No events at any site: the baseline hazard is undefined");
        }
        return new BaselineHazard(grid, h, Ties.BRESLOW);
    }

    /** The bin holding time {@code t}, or -1 before the first bin start (such a patient is never at risk). */
    private static int binOf(double t, double[] grid) {
        int lo = 0;
        int hi = grid.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (grid[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    private static int eventBin(double t, int row, double[] grid) {
        int b = binOf(t, grid);
        if (b < 0) {
            throw new IllegalArgumentException("the event of row " + row + " at time " + t
                    + " is before the grid's first bin start " + grid[0] + "; start the grid at 0");
        }
        return b;
    }

    private static void checkGrid(double[] grid) {
        if (grid.length == 0) {
            throw new IllegalArgumentException("the grid has no bins");
        }
        for (int b = 0; b < grid.length; b++) {
            if (!Double.isFinite(grid[b]) || grid[b] < 0 || (b > 0 && !(grid[b] > grid[b - 1]))) {
                throw new IllegalArgumentException("grid bin starts must be finite, >= 0 and strictly increasing; "
                        + "grid[" + b + "] = " + grid[b]);
            }
        }
    }
}
