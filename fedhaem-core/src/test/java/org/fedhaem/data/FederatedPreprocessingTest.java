package org.fedhaem.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.fedhaem.data.Preprocessing.Missing;
import org.fedhaem.data.Preprocessing.Scaling;
import org.fedhaem.random.Seeds;
import org.fedhaem.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Federated preprocessing against its oracle, {@link Preprocessing#fit} on the pooled training rows: mean and sd to
 * 1e-12 relative (merged moments), min, max, median, mode, levels and counts exactly.
 */
class FederatedPreprocessingTest {
    private static final double MOMENT_TOL = 1e-12;
    private static final Schema HAND_SCHEMA = Schema.survival("time", "event").withCategorical("g", "a");
    private static final String HAND = "x,g,time,event\n1,a,5,1\n,b,3,0\n3,a,2,1\n4,c,8,0\n10,b,1,1\n-2,c,4,0\n";

    @TempDir
    Path dir;

    private Table read(String name, String content, Schema schema) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return TableReader.read(p, schema);
    }

    private static List<SiteColumns> sites(Preprocessing spec, Table table, Schema schema, int[]... rows) {
        List<SiteColumns> out = new ArrayList<>();
        for (int s = 0; s < rows.length; s++) {
            out.add(SiteColumns.of("site" + (s + 1), spec, table, schema, rows[s]));
        }
        return out;
    }

    @Test
    void twoSitesByHand() throws IOException {
        Table t = read("h.csv", HAND, HAND_SCHEMA);
        Preprocessing spec = new Preprocessing(Missing.MEDIAN, Scaling.STANDARD);
        // site1 x = {1, missing}, site2 x = {3, 4, 10}: pooled {1, 3, 4, 10}
        List<SiteColumns> sites = sites(spec, t, HAND_SCHEMA, new int[] {0, 1}, new int[] {2, 3, 4});
        SiteSummary first = sites.get(0).summary();
        assertThat(first.rows()).isEqualTo(2);
        assertThat(first.events()).isEqualTo(1);
        ColumnSummary.Numeric x1 = (ColumnSummary.Numeric) first.columns().get(0);
        assertThat(x1.count()).isEqualTo(1);
        assertThat(x1.missing()).isEqualTo(1);
        assertThat(x1.valueCounts()).containsExactly(Map.entry(1.0, 1));
        ColumnSummary.Categorical g2 = (ColumnSummary.Categorical) sites.get(1).summary().columns().get(1);
        assertThat(g2.levelCounts()).containsExactly(Map.entry("a", 1), Map.entry("b", 1), Map.entry("c", 1));

        FittedPreprocessing f = spec.fitFromSummaries(HAND_SCHEMA, sites);
        FittedColumn.Numeric x = (FittedColumn.Numeric) f.columns().get(0);
        assertThat(x.count()).isEqualTo(4);
        assertThat(x.mean()).isCloseTo(4.5, within(1e-15));
        // deviations -3.5, -1.5, -0.5, 5.5: squares sum to 12.25 + 2.25 + 0.25 + 30.25 = 45
        assertThat(x.sd()).isCloseTo(Math.sqrt(45.0 / 3), within(1e-14));
        assertThat(x.median()).isEqualTo(3.5);
        assertThat(x.mode()).isEqualTo(1);
        assertThat(x.min()).isEqualTo(1);
        assertThat(x.max()).isEqualTo(10);
        FittedColumn.Categorical g = (FittedColumn.Categorical) f.columns().get(1);
        assertThat(g.levels()).containsExactly("a", "b", "c");
        assertThat(g.mode()).isEqualTo("a");
        assertSameFit(f, spec.fit(t, HAND_SCHEMA, new int[] {0, 1, 2, 3, 4}), true);
    }

    @Test
    void chanMergeOfMomentsByHand() {
        // {1, 2, 3}: mean 2, M2 2; {10}: mean 10, M2 0; pooled {1, 2, 3, 10}: mean 4, M2 9 + 4 + 1 + 36 = 50
        var a = new ColumnSummary.Numeric("x", 3, 0, 2, 2, 1, 3, Map.of(1.0, 1, 2.0, 1, 3.0, 1));
        var b = new ColumnSummary.Numeric("x", 1, 2, 10, 0, 10, 10, Map.of());
        var m = a.merge(b);
        assertThat(m.count()).isEqualTo(4);
        assertThat(m.missing()).isEqualTo(2);
        assertThat(m.mean()).isEqualTo(4);
        assertThat(m.m2()).isEqualTo(50);
        assertThat(m.min()).isEqualTo(1);
        assertThat(m.max()).isEqualTo(10);
        assertThat(m.valuesShared()).isFalse();
        var empty = new ColumnSummary.Numeric("x", 0, 5, Double.NaN, 0, Double.NaN, Double.NaN, Map.of());
        assertThat(empty.merge(a)).isEqualTo(new ColumnSummary.Numeric("x", 3, 5, 2, 2, 1, 3,
                Map.of(1.0, 1, 2.0, 1, 3.0, 1)));
        assertThat(a.merge(a).valueCounts()).containsExactly(Map.entry(1.0, 2), Map.entry(2.0, 2),
                Map.entry(3.0, 2));
    }

    @Test
    void oneSiteGivesThePooledFitBitForBit() throws IOException {
        Table t = synthetic(400, 1);
        Schema schema = syntheticSchema();
        for (Missing missing : new Missing[] {Missing.DROP, Missing.MEDIAN, Missing.MEAN}) {
            Preprocessing spec = new Preprocessing(missing, Scaling.STANDARD);
            int[] rows = range(0, 300);
            FittedPreprocessing pooled = spec.fit(t, schema, rows);
            List<FittedColumn> expected = new ArrayList<>();
            for (FittedColumn c : pooled.columns()) {
                // continuous columns share no value counts: the median stands in for their (unused) mode
                expected.add(c instanceof FittedColumn.Numeric n && List.of("cont", "skew", "wide").contains(n.name())
                        ? new FittedColumn.Numeric(n.name(), n.count(), n.mean(), n.sd(), n.median(), n.median(),
                        n.min(), n.max()) : c);
            }
            assertThat(spec.fitFromSummaries(schema, sites(spec, t, schema, rows)))
                    .isEqualTo(new FittedPreprocessing(pooled.target(), missing, Scaling.STANDARD, expected));
        }
    }

    @Test
    void threeUnequalSitesOfASyntheticCohortMatchThePooledFitUnderEveryPolicy() throws IOException {
        Table t = synthetic(1500, 7);
        Schema schema = syntheticSchema();
        Partition split = Splitter.random(t.rows(), new double[] {0.6, 0.3, 0.1}, 0.2, 11);
        int[][] train = trainRows(split);
        for (Missing missing : new Missing[] {Missing.DROP, Missing.MEDIAN, Missing.MEAN}) {
            for (Scaling scaling : Scaling.values()) {
                Preprocessing spec = new Preprocessing(missing, scaling);
                FittedPreprocessing federated = spec.fitFromSummaries(schema, sites(spec, t, schema, train));
                FittedPreprocessing pooled = spec.fit(t, schema, split.pooledTrain());
                assertSameFit(federated, pooled, false);
                assertThat(federated.apply(t).x()[5]).as("%s %s", missing, scaling)
                        .containsExactly(pooled.apply(t).x()[5], within(1e-9));
            }
        }
        // MODE needs the modes: the coded columns have them, the continuous ones are refused
        Preprocessing mode = new Preprocessing(Missing.MODE, Scaling.NONE);
        Schema coded = schema.withExclude(List.of("cont", "skew", "wide"));
        assertSameFit(mode.fitFromSummaries(coded, sites(mode, t, coded, train)),
                mode.fit(t, coded, split.pooledTrain()), true);
        assertThatThrownBy(() -> mode.fitFromSummaries(schema, sites(mode, t, schema, train)))
                .isInstanceOf(DataException.class).hasMessageContaining("column 'cont'")
                .hasMessageContaining("mode is unknown");
    }

    @Test
    void medianIsExactForOddAndEvenCountsNegativeZeroAndHugeRanges() throws IOException {
        StringBuilder csv = new StringBuilder("x,time,event\n");
        double[] values = {-1e150, 0.0, 3e-310, -0.0, 1e150, 7.25, -7.25, 2.5, 2.5, 0.1, 1e-5, -3};
        for (double v : values) {
            csv.append(v).append(",1,1\n");
        }
        Schema schema = Schema.survival("time", "event");
        Table t = read("m.csv", csv.toString(), schema);
        Preprocessing spec = new Preprocessing(Missing.MEDIAN, Scaling.NONE);
        for (int n = 1; n <= values.length; n++) {
            int[] all = range(0, n);
            int[] a = new int[(n + 1) / 2];
            int[] b = new int[n / 2];
            for (int i = 0; i < n; i++) {
                if (i % 2 == 0) {
                    a[i / 2] = i;
                } else {
                    b[i / 2] = i;
                }
            }
            FittedColumn.Numeric f = (FittedColumn.Numeric) spec.fitFromSummaries(schema, sites(spec, t, schema, a, b))
                    .columns().get(0);
            FittedColumn.Numeric p = (FittedColumn.Numeric) spec.fit(t, schema, all).columns().get(0);
            assertThat(f.median()).as("n = %d", n).isEqualTo(p.median());
            assertThat(f.min()).isEqualTo(p.min());
            assertThat(f.max()).isEqualTo(p.max());
        }
    }

    @Test
    void mdsSplit42ThreeSitesMatchTheCentralizedFit() {
        Path mds = SharedData.mds();
        Schema schema = Schema.survival("time", "event").withExclude(List.of("IPSSM_SCORE", "IPSSR_SCORE"));
        Table data = TableReader.read(mds.resolve("mds_iwgpm.csv"), schema);
        Partition split = Splitter.fromAssignment(mds.resolve("split42_assignment.csv"), data);
        int[][] train = trainRows(split);
        double worstMean = 0;
        double worstSd = 0;
        for (Missing missing : new Missing[] {Missing.DROP, Missing.MEDIAN, Missing.MEAN, Missing.MODE}) {
            for (Scaling scaling : new Scaling[] {Scaling.NONE, Scaling.MINMAX}) {
                Preprocessing spec = new Preprocessing(missing, scaling);
                Schema used = missing == Missing.MODE
                        ? schema.withExclude(List.of("IPSSM_SCORE", "IPSSR_SCORE", "AOD", "Neutrophils", "Hemoglobin",
                        "Platelets", "BMB")) : schema;
                FittedPreprocessing federated = spec.fitFromSummaries(used, sites(spec, data, used, train));
                FittedPreprocessing pooled = spec.fit(data, used, split.pooledTrain());
                assertSameFit(federated, pooled, missing == Missing.MODE);
                for (int j = 0; j < pooled.columns().size(); j++) {
                    var f = (FittedColumn.Numeric) federated.columns().get(j);
                    var p = (FittedColumn.Numeric) pooled.columns().get(j);
                    worstMean = Math.max(worstMean, Math.abs(f.mean() - p.mean()) / Math.abs(p.mean()));
                    worstSd = Math.max(worstSd, Math.abs(f.sd() - p.sd()) / p.sd());
                }
            }
        }
        System.out.printf(Locale.ROOT, "MDS split42 federated preprocessing: max relative |dmean| %.1e, |dsd| %.1e;"
                + " min, max, median, mode exact%n", worstMean, worstSd);
        // a mutation constant over all three sites' training rows stops standard scaling, pooled or federated
        Preprocessing standard = new Preprocessing(Missing.MEDIAN, Scaling.STANDARD);
        String pooledError = messageOf(() -> standard.fit(data, schema, split.pooledTrain()));
        String federatedError = messageOf(() -> standard.fitFromSummaries(schema, sites(standard, data, schema,
                train)));
        if (pooledError == null) {
            assertThat(federatedError).isNull();
            assertSameFit(standard.fitFromSummaries(schema, sites(standard, data, schema, train)),
                    standard.fit(data, schema, split.pooledTrain()), false);
        } else {
            assertThat(federatedError).contains(pooledError.substring(pooledError.indexOf("column '"),
                    pooledError.indexOf("observed values"))).contains("training rows of the sites");
        }
    }

    @Test
    void constantOverAllSitesIsAnErrorUnderScalingButNotWhenSitesDiffer() throws IOException {
        String csv = "x,y,time,event\n2,1,1,1\n2,1,2,0\n2,5,3,1\n2,5,4,1\n";
        Schema schema = Schema.survival("time", "event");
        Table t = read("c.csv", csv, schema);
        for (Scaling scaling : new Scaling[] {Scaling.STANDARD, Scaling.MINMAX}) {
            Preprocessing spec = new Preprocessing(Missing.MEDIAN, scaling);
            // y is constant within each site (1 and 5) but not over both: only x fails
            assertThatThrownBy(() -> spec.fitFromSummaries(schema, sites(spec, t, schema, new int[] {0, 1},
                    new int[] {2, 3})))
                    .isInstanceOf(DataException.class).hasMessageContaining("column 'x'")
                    .hasMessageContaining("is constant (2)").hasMessageContaining("sites [site1, site2]")
                    .hasMessageContaining(scaling.name().toLowerCase(Locale.ROOT) + " scaling");
            Schema withoutX = schema.withExclude(List.of("x"));
            FittedColumn.Numeric y = (FittedColumn.Numeric) spec.fitFromSummaries(withoutX, sites(spec, t, withoutX,
                    new int[] {0, 1}, new int[] {2, 3})).columns().get(0);
            assertThat(y.sd()).isCloseTo(Math.sqrt(16.0 / 3), within(1e-15));
            assertThat(y.median()).isEqualTo(3);
        }
        Preprocessing none = new Preprocessing(Missing.MEDIAN, Scaling.NONE);
        assertThat(none.fitFromSummaries(schema, sites(none, t, schema, new int[] {0, 1}, new int[] {2, 3})))
                .isEqualTo(none.fit(t, schema, new int[] {0, 1, 2, 3}));
    }

    @Test
    void badSitesAndSummariesAreErrors() throws IOException {
        Table t = read("h.csv", HAND, HAND_SCHEMA);
        Preprocessing median = new Preprocessing(Missing.MEDIAN, Scaling.NONE);
        Preprocessing drop = new Preprocessing(Missing.DROP, Scaling.NONE);
        assertThatThrownBy(() -> median.fitFromSummaries(HAND_SCHEMA, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one site");
        List<SiteColumns> mixed = List.of(SiteColumns.of("a", median, t, HAND_SCHEMA, new int[] {0}),
                SiteColumns.of("b", drop, t, HAND_SCHEMA, new int[] {2}));
        assertThatThrownBy(() -> median.fitFromSummaries(HAND_SCHEMA, mixed))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("site b")
                .hasMessageContaining("DROP");
        Schema xCategorical = HAND_SCHEMA.withCategorical("x", "1");
        List<SiteColumns> differentColumns = List.of(SiteColumns.of("a", median, t, HAND_SCHEMA, new int[] {0}),
                SiteColumns.of("b", median, t, Schema.survival("time", "event").withExclude(List.of("g")),
                        new int[] {2}));
        assertThatThrownBy(() -> median.fitFromSummaries(HAND_SCHEMA, differentColumns))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("site b summarised columns [x]");
        assertThatThrownBy(() -> median.fitFromSummaries(xCategorical, sites(median, t, HAND_SCHEMA, new int[] {0})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column x was summarised as numeric");
        // row 1 is the only one without x: drop leaves site1 without rows; both sites together have none for x
        assertThatThrownBy(() -> median.fitFromSummaries(HAND_SCHEMA, sites(median, t, HAND_SCHEMA, new int[] {1})))
                .isInstanceOf(DataException.class).hasMessageContaining("column 'x'").hasMessageContaining(
                        "has no values");
        assertThatThrownBy(() -> drop.fitFromSummaries(HAND_SCHEMA, sites(drop, t, HAND_SCHEMA, new int[] {1})))
                .isInstanceOf(DataException.class).hasMessageContaining("has no training rows without missing values"
                        + " (1 rows before");
        assertThatThrownBy(() -> median.fitFromSummaries(HAND_SCHEMA.withCategorical("g", "z"),
                sites(median, t, HAND_SCHEMA.withCategorical("g", "z"), new int[] {0, 2})))
                .isInstanceOf(DataException.class).hasMessageContaining("'z' is the reference level");
        assertThatThrownBy(() -> SiteColumns.of("a", median, t, HAND_SCHEMA, new int[] {9}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("site a: training row 9");
        SiteColumns site = SiteColumns.of("a", median, t, HAND_SCHEMA, new int[] {0, 2, 3});
        assertThat(site.countAtMost(List.of(new RankQuery("x", 3), new RankQuery("x", 2.9))))
                .containsExactly(2, 1);
        assertThatThrownBy(() -> site.countAtMost(List.of(new RankQuery("g", 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no numeric column g");
        assertThatThrownBy(() -> new RankQuery("x", Double.NaN)).hasMessageContaining("must be finite");
        SiteStatistics liar = new SiteStatistics() {
            @Override
            public String site() {
                return "liar";
            }

            @Override
            public SiteSummary summary() {
                return site.summary();
            }

            @Override
            public int[] countAtMost(List<RankQuery> queries) {
                int[] out = site.countAtMost(queries);
                out[0] = 4;
                return out;
            }
        };
        assertThatThrownBy(() -> median.fitFromSummaries(HAND_SCHEMA, List.of(liar)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("site liar counted 4 values of x")
                .hasMessageContaining("has 3 observed values");
    }

    @Test
    void summariesValidateTheirCounts() {
        assertThatThrownBy(() -> new ColumnSummary.Numeric("x", -1, 0, 0, 0, 0, 0, Map.of()))
                .hasMessageContaining("count -1");
        assertThatThrownBy(() -> new ColumnSummary.Numeric("x", 2, 0, 1, -1, 0, 2, Map.of()))
                .hasMessageContaining("m2 -1");
        assertThatThrownBy(() -> new ColumnSummary.Numeric("x", 0, 1, 0, 0, Double.NaN, Double.NaN, Map.of()))
                .hasMessageContaining("no observed values");
        assertThatThrownBy(() -> new ColumnSummary.Numeric("x", 2, 0, 1, 0, 1, 1, Map.of(1.0, 3)))
                .hasMessageContaining("sum to 3 but count is 2");
        assertThatThrownBy(() -> new ColumnSummary.Numeric("x", 2, 0, 1, 0, 1, 1, Map.of(4.0, 2)))
                .hasMessageContaining("value count 4.0 x 2 is outside");
        assertThatThrownBy(() -> new ColumnSummary.Categorical("g", 2, 0, Map.of("a", 1)))
                .hasMessageContaining("sum to 1 but count is 2");
        assertThatThrownBy(() -> new ColumnSummary.Categorical("g", 0, 0, Map.of("a", 0)))
                .hasMessageContaining("level 'a' has count 0");
        var g = new ColumnSummary.Categorical("g", 1, 0, Map.of("a", 1));
        var x = new ColumnSummary.Numeric("x", 1, 0, 1, 0, 1, 1, Map.of());
        assertThatThrownBy(() -> g.merge(x)).hasMessageContaining("cannot merge the summary of column g");
        assertThatThrownBy(() -> new SiteSummary(Missing.MEDIAN, 3, 0, 1, List.of(g)))
                .hasMessageContaining("column g: 1 observed + 0 missing values, but 3 rows");
        assertThatThrownBy(() -> new SiteSummary(Missing.MEDIAN, 1, 0, 2, List.of(g)))
                .hasMessageContaining("events <= rows");
    }

    private static void assertSameFit(FittedPreprocessing federated, FittedPreprocessing pooled, boolean modes) {
        assertThat(federated.target()).isEqualTo(pooled.target());
        assertThat(federated.missing()).isEqualTo(pooled.missing());
        assertThat(federated.scaling()).isEqualTo(pooled.scaling());
        assertThat(federated.features()).isEqualTo(pooled.features());
        for (int j = 0; j < pooled.columns().size(); j++) {
            FittedColumn p = pooled.columns().get(j);
            FittedColumn f = federated.columns().get(j);
            if (p instanceof FittedColumn.Categorical) {
                assertThat(f).isEqualTo(p);
                continue;
            }
            var pn = (FittedColumn.Numeric) p;
            var fn = (FittedColumn.Numeric) f;
            String name = pn.name();
            assertThat(fn.name()).isEqualTo(name);
            assertThat(fn.count()).as(name).isEqualTo(pn.count());
            assertThat(fn.mean()).as(name).isCloseTo(pn.mean(), within(MOMENT_TOL * Math.abs(pn.mean())));
            assertThat(fn.sd()).as(name).isCloseTo(pn.sd(), within(MOMENT_TOL * pn.sd()));
            assertThat(fn.min()).as(name).isEqualTo(pn.min());
            assertThat(fn.max()).as(name).isEqualTo(pn.max());
            assertThat(fn.median()).as(name).isEqualTo(pn.median());
            if (modes) {
                assertThat(fn.mode()).as(name).isEqualTo(pn.mode());
            }
        }
    }

    private static String messageOf(Runnable r) {
        try {
            r.run();
            return null;
        } catch (DataException e) {
            return e.getMessage();
        }
    }

    private static Schema syntheticSchema() {
        return Schema.survival("time", "event").withCategorical("grp", "a");
    }

    /**
     * Columns of different kinds: {@code cont} normal with 10 % missing, {@code skew} log-normal, {@code wide} spanning
     * 1e-3..1e6 with both signs, {@code code} 0..4, {@code flag} 0/1 with 5 % missing, {@code grp} categorical.
     */
    private Table synthetic(int n, long seed) throws IOException {
        SplittableRandom r = Seeds.random(seed, "federated-preprocessing-test");
        String[] groups = {"a", "b", "c", "2", "10"};
        StringBuilder csv = new StringBuilder("cont,skew,wide,code,flag,grp,time,event\n");
        for (int i = 0; i < n; i++) {
            double z = normal(r);
            csv.append(r.nextDouble() < 0.1 ? "" : Double.toString(3 + 10 * z)).append(',')
                    .append(Math.exp(normal(r))).append(',')
                    .append((r.nextBoolean() ? 1 : -1) * Math.pow(10, -3 + 9 * r.nextDouble())).append(',')
                    .append(r.nextInt(5)).append(',')
                    .append(r.nextDouble() < 0.05 ? "" : Integer.toString(r.nextDouble() < 0.3 ? 1 : 0)).append(',')
                    .append(r.nextDouble() < 0.03 ? "" : groups[r.nextInt(groups.length)]).append(',')
                    .append(-Math.log1p(-r.nextDouble())).append(',').append(r.nextDouble() < 0.6 ? 1 : 0)
                    .append('\n');
        }
        return read("synthetic" + seed + ".csv", csv.toString(), syntheticSchema());
    }

    private static double normal(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log1p(-r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static int[][] trainRows(Partition split) {
        int[][] out = new int[split.sites().size()][];
        for (int s = 0; s < out.length; s++) {
            out[s] = split.sites().get(s).train();
        }
        return out;
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }
}
