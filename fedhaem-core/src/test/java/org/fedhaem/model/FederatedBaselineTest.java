package org.fedhaem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.fedhaem.data.Design;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Outcome;
import org.fedhaem.data.Partition;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.Schema;
import org.fedhaem.data.SiteRows;
import org.fedhaem.data.Splitter;
import org.fedhaem.data.SyntheticCohort;
import org.fedhaem.data.Table;
import org.fedhaem.data.TableReader;
import org.fedhaem.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * The federated Breslow estimator against the exact one ({@link BaselineHazard#estimate}) on the pooled rows: equal
 * when every bin starts at its only event time, and otherwise within the bounds the binning implies.
 */
class FederatedBaselineTest {
    private static final double[] YEARS = {0.5, 1, 2, 3, 5};

    @Test
    void twoSitesByHand() {
        double[] grid = {0, 2, 4};
        // site A: t 1 (event, eta 0), 3 (censored, eta ln 2), 5 (event, eta 0); site B: 2 (event, ln 3), 4.5 (cens., 0)
        BinSums a = FederatedBaseline.site(new double[] {1, 3, 5}, new boolean[] {true, false, true},
                new double[] {0, Math.log(2), 0}, grid);
        BinSums b = FederatedBaseline.site(new double[] {2, 4.5}, new boolean[] {true, false},
                new double[] {Math.log(3), 0}, grid);
        assertThat(a.events()).containsExactly(1, 0, 1);
        // at risk at 0: 1 + 2 + 1; at 2: 2 + 1; at 4: 1
        assertThat(a.logRiskSum()).containsExactly(new double[] {Math.log(4), Math.log(3), 0}, within(1e-15));
        assertThat(b.events()).containsExactly(0, 1, 0);
        assertThat(b.logRiskSum()).containsExactly(new double[] {Math.log(4), Math.log(4), 0}, within(1e-15));
        BaselineHazard h = FederatedBaseline.hazard(grid, List.of(a, b));
        // pooled: d = 1, 1, 1; R = 8, 7, 2
        assertThat(h.times()).containsExactly(0, 2, 4);
        assertThat(h.cumulativeHazard()).containsExactly(new double[] {1.0 / 8, 1.0 / 8 + 1.0 / 7,
                1.0 / 8 + 1.0 / 7 + 1.0 / 2}, within(1e-15));
        assertThat(h.ties()).isEqualTo(Ties.BRESLOW);
        assertThat(h.cumulativeHazardAt(3.9)).isCloseTo(1.0 / 8 + 1.0 / 7, within(1e-15));
    }

    @Test
    void gridFromRoundedMaximaAndPooledEventCountsByHand() {
        assertThat(FederatedBaseline.roundedMaxTime(new double[] {0.3, 7.2}, 1)).isEqualTo(8);
        assertThat(FederatedBaseline.roundedMaxTime(new double[] {0.3, 7.2}, 0.5)).isEqualTo(7.5);
        assertThat(FederatedBaseline.roundedMaxTime(new double[] {7}, 1)).isEqualTo(7);
        assertThat(FederatedBaseline.equalGrid(new double[] {8, 6.5}, 4)).containsExactly(0, 2, 4, 6);
        double[] grid = {0, 1, 2, 3, 4, 5, 6};
        assertThat(FederatedBaseline.eventCounts(new double[] {0.5, 1, 1.5, 6.5, 2, 9},
                new boolean[] {true, true, false, true, true, false}, grid)).containsExactly(1, 1, 1, 0, 0, 0, 1);
        // pooled counts 0, 3, 1, 0, 5, 2, 0 with at least 4 per bin: [0, 3) holds 4, [3, 5) 5, and [5, ...) only 2,
        // so it joins [3, 5)
        List<int[]> counts = List.of(new int[] {0, 1, 1, 0, 2, 2, 0}, new int[] {0, 2, 0, 0, 3, 0, 0});
        assertThat(FederatedBaseline.coarsen(grid, counts, 4)).containsExactly(0, 3);
        // with 1 per bin each group starts at its first candidate, an empty bin 3 included: [0, 2) [2, 3) [3, 5) [5, ...)
        assertThat(FederatedBaseline.coarsen(grid, counts, 1)).containsExactly(0, 2, 3, 5);
        assertThat(FederatedBaseline.coarsen(grid, counts, 11)).containsExactly(0);
        assertThatThrownBy(() -> FederatedBaseline.coarsen(grid, counts, 12))
                .hasMessageContaining("11 events in all, fewer than the 12");
    }

    @Test
    void oneEventTimePerBinStartingAtItIsTheExactBreslowEstimator() {
        Design cohort = SyntheticCohort.survival(900, new double[] {0.7, -0.4, 0.2}, 1.2, 0.2, 0.15, 5);
        Outcome.Survival y = cohort.survival();
        double[] time = y.time();
        for (int i = 0; i < time.length; i++) {
            time[i] = Math.round(time[i] * 10) / 10.0; // ties, also between events and censorings
        }
        double[] eta = linear(cohort.x(), new double[] {0.7, -0.4, 0.2});
        double[] grid = distinctEventTimes(time, y.event());
        int[][] sites = {range(0, 500), range(500, 800), range(800, 900)};
        List<BinSums> sums = new ArrayList<>();
        for (int[] rows : sites) {
            sums.add(FederatedBaseline.site(pick(time, rows), pick(y.event(), rows), pick(eta, rows), grid));
        }
        BaselineHazard federated = FederatedBaseline.hazard(grid, sums);
        BaselineHazard exact = BaselineHazard.estimate(time, y.event(), eta, Ties.BRESLOW);
        assertThat(grid.length).isGreaterThan(50).isLessThan(y.events());
        assertThat(federated.times()).containsExactly(exact.times());
        double[] f = federated.cumulativeHazard();
        double[] e = exact.cumulativeHazard();
        for (int k = 0; k < e.length; k++) {
            assertThat(f[k]).as("H0 at %s", grid[k]).isCloseTo(e[k], within(1e-13 * e[k]));
        }
    }

    @Test
    void syntheticThreeSitesCurvesStayWithinTheBinningBound() {
        double[] beta = {0.8, -0.5, 0.3};
        Design cohort = SyntheticCohort.survival(3000, beta, 1.3, 0.08, 0.05, 9);
        Outcome.Survival y = cohort.survival();
        double[] eta = linear(cohort.x(), beta);
        int[][] sites = {range(0, 1800), range(1800, 2700), range(2700, 3000)};
        double[] testEta = linear(SyntheticCohort.survival(300, beta, 1.3, 0.08, 0.05, 10).x(), beta);
        for (int bins : new int[] {50, 200}) {
            compare(y.time(), y.event(), eta, sites, testEta, 1, bins, 10)
                    .print("synthetic 3000 patients, 3 sites, " + bins + " candidate bins, >= 10 events per bin");
        }
    }

    @Test
    void mdsSplit42LinearCoxCurvesStayWithinTheBinningBound() {
        Path mds = SharedData.mds();
        Schema schema = Schema.survival("time", "event").withExclude(List.of("IPSSM_SCORE", "IPSSR_SCORE"));
        Table data = TableReader.read(mds.resolve("mds_iwgpm.csv"), schema);
        Partition split = Splitter.fromAssignment(mds.resolve("split42_assignment.csv"), data);
        FittedPreprocessing prep = new Preprocessing(Preprocessing.Missing.MEDIAN, Preprocessing.Scaling.STANDARD)
                .fit(data, schema, split.pooledTrain());
        Design all = prep.apply(data);
        CoxFit fit = CoxRegression.fit(prep.apply(data, split.pooledTrain()), Ties.BRESLOW,
                CoxRegression.Options.R_DEFAULT);
        double[] eta = fit.linearPredictor(all.x());
        int[][] sites = new int[3][];
        for (int s = 0; s < 3; s++) {
            SiteRows site = split.sites().get(s);
            sites[s] = site.train();
        }
        double[] testEta = pick(eta, split.pooledTest());
        Outcome.Survival y = all.survival();
        for (int bins : new int[] {25, 50, 100, 200, 400}) {
            compare(y.time(), y.event(), eta, sites, testEta, 1, bins, 10)
                    .print("MDS split42 linear Cox, unit 1 year, " + bins + " candidate bins, >= 10 events per bin");
        }
    }

    @Test
    void badInputsAreErrors() {
        double[] grid = {0, 1};
        assertThatThrownBy(() -> FederatedBaseline.site(new double[] {1}, new boolean[] {true}, new double[] {0},
                new double[] {0, 2, 2})).hasMessageContaining("strictly increasing; grid[2] = 2.0");
        assertThatThrownBy(() -> FederatedBaseline.site(new double[] {1}, new boolean[] {true}, new double[] {0},
                new double[0])).hasMessageContaining("no bins");
        assertThatThrownBy(() -> FederatedBaseline.site(new double[] {0.5}, new boolean[] {true}, new double[] {0},
                new double[] {1, 2})).hasMessageContaining("at time 0.5 is before the grid's first bin start 1.0");
        assertThatThrownBy(() -> FederatedBaseline.site(new double[] {1}, new boolean[] {true}, new double[] {0, 1},
                grid)).hasMessageContaining("eta has 2 values");
        assertThatThrownBy(() -> FederatedBaseline.site(new double[] {1}, new boolean[] {true},
                new double[] {Double.NaN}, grid)).hasMessageContaining("eta[0] is not finite");
        assertThatThrownBy(() -> FederatedBaseline.site(new double[] {-1}, new boolean[] {true}, new double[] {0},
                grid)).hasMessageContaining("time[0] must be finite and non-negative");
        BinSums censoredOnly = FederatedBaseline.site(new double[] {1}, new boolean[] {false}, new double[] {0}, grid);
        assertThatThrownBy(() -> FederatedBaseline.hazard(grid, List.of(censoredOnly)))
                .hasMessageContaining("No events");
        assertThatThrownBy(() -> FederatedBaseline.hazard(new double[] {0, 1, 2}, List.of(censoredOnly)))
                .hasMessageContaining("over 2 bins, the grid has 3");
        assertThatThrownBy(() -> FederatedBaseline.hazard(grid, List.of())).hasMessageContaining("no site sums");
        assertThatThrownBy(() -> new BinSums(new int[] {1}, new double[] {Double.NEGATIVE_INFINITY}))
                .hasMessageContaining("bin 0: 1 events with log risk-set sum -Infinity");
        assertThatThrownBy(() -> new BinSums(new int[] {-1}, new double[] {0})).hasMessageContaining("bin 0: -1");
        assertThatThrownBy(() -> new BinSums(new int[] {1, 0}, new double[] {0})).hasMessageContaining("same length");
        assertThatThrownBy(() -> FederatedBaseline.roundedMaxTime(new double[] {1}, 0)).hasMessageContaining("unit");
        assertThatThrownBy(() -> FederatedBaseline.equalGrid(new double[] {0, 0}, 4)).hasMessageContaining("is 0");
        assertThatThrownBy(() -> FederatedBaseline.equalGrid(new double[] {1}, 0)).hasMessageContaining("bins");
        assertThatThrownBy(() -> FederatedBaseline.coarsen(grid, List.of(new int[] {1}), 1))
                .hasMessageContaining("1 bins, the grid has 2");
        assertThatThrownBy(() -> FederatedBaseline.coarsen(grid, List.of(new int[] {1, 1}), 0))
                .hasMessageContaining("minEvents");
    }

    /** Max |S_federated - S_exact| per time of {@link #YEARS} over the test patients, and the grid used. */
    private record Comparison(double[] grid, double[] maxDifference, double[] meanDifference) {
        void print(String what) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "%s: %d bins (width %.2f..%.2f); max |S_fed - S_exact| over test patients at", what, grid.length,
                    minWidth(grid), maxWidth(grid)));
            for (int t = 0; t < YEARS.length; t++) {
                sb.append(String.format(Locale.ROOT, " t=%s: %.4f (mean %.4f)", YEARS[t], maxDifference[t],
                        meanDifference[t]));
            }
            System.out.println(sb);
        }
    }

    /**
     * Runs the whole protocol (rounded maxima, candidate event counts, coarsening, bin sums) over the sites and
     * checks it against the exact pooled Breslow estimator: per bin, the federated increment F_b = d_b / R(g_b) lies
     * between rho_b E_b and E_b, where E_b is the exact increment over the bin and rho_b = R(last event time in the
     * bin) / R(g_b) (every exact risk set of the bin lies between those two); and so every test patient's survival
     * differs from the exact one by at most exp(eta) times the resulting bound on |H0_fed(t) - H0_exact(t)|.
     */
    private static Comparison compare(double[] time, boolean[] event, double[] eta, int[][] sites, double[] testEta,
                                      double unit, int bins, int minEvents) {
        double[] maxima = new double[sites.length];
        List<int[]> counts = new ArrayList<>();
        double[] candidates = null;
        for (int pass = 0; pass < 2; pass++) {
            for (int s = 0; s < sites.length; s++) {
                if (pass == 0) {
                    maxima[s] = FederatedBaseline.roundedMaxTime(pick(time, sites[s]), unit);
                } else {
                    counts.add(FederatedBaseline.eventCounts(pick(time, sites[s]), pick(event, sites[s]),
                            candidates));
                }
            }
            if (pass == 0) {
                candidates = FederatedBaseline.equalGrid(maxima, bins);
            }
        }
        double[] grid = FederatedBaseline.coarsen(candidates, counts, minEvents);
        List<BinSums> sums = new ArrayList<>();
        for (int[] rows : sites) {
            sums.add(FederatedBaseline.site(pick(time, rows), pick(event, rows), pick(eta, rows), grid));
        }
        BaselineHazard federated = FederatedBaseline.hazard(grid, sums);
        int[] pooled = concat(sites);
        double[] t = pick(time, pooled);
        boolean[] e = pick(event, pooled);
        double[] r = pick(eta, pooled);
        BaselineHazard exact = BaselineHazard.estimate(t, e, r, Ties.BRESLOW);
        assertThat(grid.length).isGreaterThan(1);
        for (int b = 0; b < grid.length; b++) {
            assertThat(pooledEvents(t, e, grid, b)).as("bin %d", b).isGreaterThanOrEqualTo(minEvents);
        }
        double[] f = federated.cumulativeHazard();
        // per bin: exact increment E_b, federated F_b, rho_b; then the bound on |H0_fed - H0_exact| within bin k
        double[] bound = new double[grid.length];
        double upper = 0;
        double lowerFederated = 0;
        for (int b = 0; b < grid.length; b++) {
            double end = b + 1 < grid.length ? exact.cumulativeHazardAt(Math.nextDown(grid[b + 1]))
                    : exact.cumulativeHazardAt(Double.MAX_VALUE);
            double exactIncrement = end - exact.cumulativeHazardAt(Math.nextDown(grid[b]));
            double federatedIncrement = f[b] - (b > 0 ? f[b - 1] : 0);
            double rho = riskSum(t, r, lastEventTime(t, e, grid, b)) / riskSum(t, r, grid[b]);
            assertThat(federatedIncrement).as("bin %d", b).isLessThanOrEqualTo(exactIncrement * (1 + 1e-12) + 1e-14)
                    .isGreaterThanOrEqualTo(rho * exactIncrement * (1 - 1e-12) - 1e-14);
            double lowerExact = upper;
            upper += exactIncrement;
            lowerFederated += rho * exactIncrement;
            bound[b] = upper - Math.min(lowerExact, lowerFederated);
        }
        double[] worst = new double[YEARS.length];
        double[] mean = new double[YEARS.length];
        for (int k = 0; k < YEARS.length; k++) {
            double at = YEARS[k];
            int b = 0;
            while (b + 1 < grid.length && grid[b + 1] <= at) {
                b++;
            }
            for (int i = 0; i < testEta.length; i++) {
                double s = federated.survival(testEta[i], new double[] {at})[0];
                double x = exact.survival(testEta[i], new double[] {at})[0];
                double diff = Math.abs(s - x);
                assertThat(diff).as("patient %d at %s", i, at)
                        .isLessThanOrEqualTo(Math.exp(testEta[i]) * bound[b] + 1e-12);
                worst[k] = Math.max(worst[k], diff);
                mean[k] += diff / testEta.length;
            }
        }
        return new Comparison(grid, worst, mean);
    }

    private static int pooledEvents(double[] t, boolean[] e, double[] grid, int b) {
        double hi = b + 1 < grid.length ? grid[b + 1] : Double.POSITIVE_INFINITY;
        int d = 0;
        for (int i = 0; i < t.length; i++) {
            if (e[i] && t[i] >= grid[b] && t[i] < hi) {
                d++;
            }
        }
        return d;
    }

    private static double lastEventTime(double[] t, boolean[] e, double[] grid, int b) {
        double hi = b + 1 < grid.length ? grid[b + 1] : Double.POSITIVE_INFINITY;
        double last = grid[b];
        for (int i = 0; i < t.length; i++) {
            if (e[i] && t[i] >= grid[b] && t[i] < hi) {
                last = Math.max(last, t[i]);
            }
        }
        return last;
    }

    private static double riskSum(double[] t, double[] eta, double from) {
        double s = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] >= from) {
                s += Math.exp(eta[i]);
            }
        }
        return s;
    }

    private static double minWidth(double[] grid) {
        double w = Double.POSITIVE_INFINITY;
        for (int b = 1; b < grid.length; b++) {
            w = Math.min(w, grid[b] - grid[b - 1]);
        }
        return w;
    }

    private static double maxWidth(double[] grid) {
        double w = 0;
        for (int b = 1; b < grid.length; b++) {
            w = Math.max(w, grid[b] - grid[b - 1]);
        }
        return w;
    }

    private static double[] distinctEventTimes(double[] time, boolean[] event) {
        return Arrays.stream(pick(time, eventRows(event))).distinct().sorted().toArray();
    }

    private static int[] eventRows(boolean[] event) {
        int[] out = new int[event.length];
        int n = 0;
        for (int i = 0; i < event.length; i++) {
            if (event[i]) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static double[] linear(double[][] x, double[] beta) {
        double[] eta = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < beta.length; j++) {
                eta[i] += x[i][j] * beta[j];
            }
        }
        return eta;
    }

    private static int[] concat(int[][] parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }

    private static double[] pick(double[] v, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = v[rows[i]];
        }
        return out;
    }

    private static boolean[] pick(boolean[] v, int[] rows) {
        boolean[] out = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = v[rows[i]];
        }
        return out;
    }
}
