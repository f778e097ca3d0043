package org.fedhaem.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedhaem.data.ColumnSummary;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.Schema;
import org.fedhaem.data.SiteColumns;
import org.fedhaem.data.SiteSummary;
import org.fedhaem.federation.SiteEvaluation;

/**
 * The per-site description of the data behind a run ({@code data_summary} in results.json), from aggregates only:
 * the first repeat's (first fold's) row counts, cases (events or positive labels) and, per raw feature column of the
 * training rows, missing cells and range. A simulation and a deployment build it from the same {@link SiteSummary}
 * (what a site sends for the federated preprocessing) and the test rows' counts, so on the same per-site files the
 * two agree to the bit.
 *
 * @param repeat   the repeat described (1-based)
 * @param caseKind "events" (survival) or "positives" (binary)
 */
public record DataSummary(int repeat, String caseKind, List<Site> sites) {
    public DataSummary {
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat is 1-based, got " + repeat);
        }
        if (!caseKind.equals("events") && !caseKind.equals("positives")) {
            throw new IllegalArgumentException("case kind must be events or positives, got " + caseKind);
        }
        sites = List.copyOf(sites);
    }

    /**
     * One site. The rows are those the experiment uses: under {@code missing = "drop"} the complete ones.
     *
     * @param train     training rows used
     * @param trainCases events or positives among them
     * @param dropped   training rows left out as incomplete under {@code drop} (0 otherwise)
     * @param test      test rows scored; null when unknown (a deployment whose models were not evaluated)
     * @param testCases events or positives among them; null when unknown
     * @param columns   every feature column of the schema, raw values of the training rows used
     */
    public record Site(String site, int train, int trainCases, int dropped, Integer test, Integer testCases,
                       List<Column> columns) {
        public Site {
            if (train < 0 || trainCases < 0 || trainCases > train || dropped < 0) {
                throw new IllegalArgumentException("site " + site + ": need 0 <= cases " + trainCases + " <= train "
                        + train + " and dropped " + dropped + " >= 0");
            }
            if ((test == null) != (testCases == null) || test != null && (testCases < 0 || testCases > test)) {
                throw new IllegalArgumentException("site " + site + ": need 0 <= test cases " + testCases
                        + " <= test " + test);
            }
            columns = List.copyOf(columns);
        }

        /** Training and test rows; null when the test rows are unknown. */
        public Integer n() {
            return test == null ? null : train + test;
        }

        /** Cases among training and test rows; null when the test rows are unknown. */
        public Integer cases() {
            return test == null ? null : trainCases + testCases;
        }
    }

    /**
     * One raw feature column at one site: missing cells, and for a numeric column the min, max and mean of the
     * observed values (NaN without any), for a categorical one the count of each level.
     */
    public record Column(String name, int missing, double min, double max, double mean, Map<String, Integer> levels) {
        public Column {
            levels = levels == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(levels));
        }

        static Column of(ColumnSummary c) {
            if (c instanceof ColumnSummary.Numeric n) {
                return new Column(n.name(), n.missing(), n.min(), n.max(), n.mean(), null);
            }
            ColumnSummary.Categorical k = (ColumnSummary.Categorical) c;
            return new Column(k.name(), k.missing(), Double.NaN, Double.NaN, Double.NaN, k.levelCounts());
        }
    }

    /** A site from its training summary and its test rows' counts (null when unknown). */
    static Site site(String name, SiteSummary train, Integer test, Integer testCases) {
        List<Column> columns = new ArrayList<>();
        for (ColumnSummary c : train.columns()) {
            columns.add(Column.of(c));
        }
        return new Site(name, train.rows(), train.events(), train.dropped(), test, testCases, columns);
    }

    /** A simulation's summary of the sites of the first repeat's first evaluation unit, computed from their rows. */
    static DataSummary ofSites(List<SiteData> sites, Preprocessing spec, Schema schema, boolean survival) {
        List<Site> out = new ArrayList<>();
        for (SiteData s : sites) {
            SiteSummary train = SiteColumns.of(s.name(), spec, s.table(), schema, s.train()).summary();
            // The test rows counted as the sites count the rows they score (complete ones under drop).
            SiteSummary test = SiteColumns.of(s.name(), spec, s.table(), schema, s.test()).summary();
            out.add(site(s.name(), train, test.rows(), test.events()));
        }
        return new DataSummary(1, caseKind(survival), out);
    }

    /**
     * A deployment's summary from what the sites sent: their training summaries (in site order) and, per site, an
     * evaluation of a final model on its test rows (absent when none was evaluated).
     */
    static DataSummary ofDeployment(List<String> sites, List<SiteSummary> train,
                                    Map<String, SiteEvaluation> tests, boolean survival) {
        List<Site> out = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            SiteEvaluation e = tests.get(sites.get(i));
            out.add(site(sites.get(i), train.get(i), e == null ? null : e.n(), e == null ? null : cases(e)));
        }
        return new DataSummary(1, caseKind(survival), out);
    }

    /** This summary with the test rows' counts filled in where unknown (a deployment learns them at evaluation). */
    DataSummary withTests(Map<String, SiteEvaluation> tests) {
        List<Site> out = new ArrayList<>();
        for (Site s : sites) {
            SiteEvaluation e = s.test() == null ? tests.get(s.site()) : null;
            out.add(e == null ? s : new Site(s.site(), s.train(), s.trainCases(), s.dropped(), e.n(), cases(e),
                    s.columns()));
        }
        return new DataSummary(repeat, caseKind, out);
    }

    private static int cases(SiteEvaluation e) {
        return e instanceof SiteEvaluation.Survival s ? s.events() : ((SiteEvaluation.Binary) e).positives();
    }

    private static String caseKind(boolean survival) {
        return survival ? "events" : "positives";
    }

    /** The {@code data_summary} object of results.json (docs/results.md). */
    Map<String, Object> toMap() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("repeat", repeat);
        root.put("case_kind", caseKind);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Site s : sites) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("site", s.site());
            m.put("n", s.n());
            m.put("cases", s.cases());
            m.put("train", s.train());
            m.put("test", s.test());
            m.put("train_cases", s.trainCases());
            m.put("test_cases", s.testCases());
            m.put("dropped", s.dropped());
            List<Map<String, Object>> columns = new ArrayList<>();
            for (Column c : s.columns()) {
                Map<String, Object> col = new LinkedHashMap<>();
                col.put("name", c.name());
                col.put("missing", c.missing());
                col.put("min", Json.number(c.min()));
                col.put("max", Json.number(c.max()));
                col.put("mean", Json.number(c.mean()));
                if (c.levels() != null) {
                    col.put("levels", c.levels());
                }
                columns.add(col);
            }
            m.put("columns", columns);
            list.add(m);
        }
        root.put("sites", list);
        return root;
    }
}
