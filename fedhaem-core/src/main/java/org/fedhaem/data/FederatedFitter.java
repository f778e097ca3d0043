package org.fedhaem.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The coordinator's side of federated preprocessing: merges the sites' summaries in site order and finds each
 * numeric column's median by bisection on pooled counts, giving the {@link FittedColumn}s {@link PreprocessingFitter}
 * computes on the pooled rows.
 * <p>
 * Median: the k-th smallest pooled value is the smallest double v with sum over sites of #(values <= v) >= k.
 * Doubles are bisected in their ordered 64-bit integer form between the pooled min and max, so at most 64 rounds of
 * one count per site and search give the exact order statistic; all searches of all columns share those rounds.
 */
final class FederatedFitter {
    private FederatedFitter() {
    }

    static FittedPreprocessing fit(Preprocessing spec, Schema schema, List<? extends SiteStatistics> sites) {
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("federated preprocessing needs at least one site");
        }
        List<String> names = new ArrayList<>();
        for (SiteStatistics s : sites) {
            names.add(s.site());
        }
        String label = "federated preprocessing of sites " + names;
        SiteSummary pooled = null;
        for (SiteStatistics s : sites) {
            SiteSummary summary = s.summary();
            if (summary.missing() != spec.missing()) {
                throw new IllegalArgumentException("site " + s.site() + " summarised its rows under missing-value "
                        + "policy " + summary.missing() + " but the preprocessing uses " + spec.missing());
            }
            if (pooled != null && !pooled.columnNames().equals(summary.columnNames())) {
                throw new IllegalArgumentException("site " + s.site() + " summarised columns "
                        + summary.columnNames() + " but site " + names.get(0) + " " + pooled.columnNames());
            }
            pooled = pooled == null ? summary : pooled.merge(summary);
        }
        checkSchema(schema, pooled);
        if (pooled.rows() == 0) {
            throw new DataException(label, "has no training rows" + (pooled.dropped() > 0
                    ? " without missing values (" + pooled.dropped() + " rows before dropping incomplete ones)" : ""));
        }
        List<RankSearch> searches = new ArrayList<>();
        for (ColumnSummary c : pooled.columns()) {
            if (c.count() == 0) {
                throw new DataException(label, 0, c.name(), null, "has no values in the " + pooled.rows()
                        + " training rows of the sites");
            }
            if (c instanceof ColumnSummary.Numeric n) {
                if (!spec.constantAllowed()) {
                    checkScalable(label, n, spec.scaling(), pooled.rows());
                }
                searches.add(new RankSearch(n, (n.count() + 1) / 2));
                searches.add(new RankSearch(n, n.count() / 2 + 1));
            }
        }
        bisect(searches, sites);
        List<FittedColumn> columns = new ArrayList<>();
        int s = 0;
        for (ColumnSummary c : pooled.columns()) {
            if (c instanceof ColumnSummary.Numeric n) {
                double lower = searches.get(s++).value();
                double upper = searches.get(s++).value();
                double median = n.count() % 2 == 1 ? lower : (lower + upper) / 2;
                columns.add(numeric(label, spec.missing(), n, median));
            } else {
                columns.add(categorical(label, (ColumnSummary.Categorical) c, schema.categorical().get(c.name()),
                        pooled.rows()));
            }
        }
        return new FittedPreprocessing(schema.target(), spec.missing(), spec.scaling(), columns);
    }

    private static void checkSchema(Schema schema, SiteSummary pooled) {
        List<String> names = pooled.columnNames();
        if (!schema.features().isEmpty() && !schema.features().equals(names)) {
            throw new IllegalArgumentException("the sites summarised columns " + names + " but the schema's features are "
                    + schema.features());
        }
        for (ColumnSummary c : pooled.columns()) {
            boolean categorical = schema.categorical().containsKey(c.name());
            if (categorical != (c instanceof ColumnSummary.Categorical) || schema.target().columnNames().contains(
                    c.name()) || schema.exclude().contains(c.name())) {
                throw new IllegalArgumentException("column " + c.name() + " was summarised as "
                        + (c instanceof ColumnSummary.Categorical ? "categorical" : "numeric")
                        + " but the schema does not make it such a feature");
            }
        }
        for (String c : schema.categorical().keySet()) {
            if (!names.contains(c)) {
                throw new IllegalArgumentException("categorical column " + c + " was not summarised by the sites; "
                        + "they summarised " + names);
            }
        }
    }

    private static void checkScalable(String label, ColumnSummary.Numeric n, Preprocessing.Scaling scaling, int rows) {
        if (scaling != Preprocessing.Scaling.NONE && n.min() == n.max()) {
            throw new DataException(label, 0, n.name(), null, "is constant (" + Table.format(n.min()) + ") over its "
                    + n.count() + " observed values in the " + rows + " training rows of the sites, so "
                    + scaling.name().toLowerCase(Locale.ROOT)
                    + " scaling would divide by zero: exclude the column or use scaling none");
        }
    }

    private static FittedColumn.Numeric numeric(String label, Preprocessing.Missing missing, ColumnSummary.Numeric n,
                                                double median) {
        double sd = n.count() > 1 ? Math.sqrt(n.m2() / (n.count() - 1)) : Double.NaN;
        double mode;
        if (n.valuesShared()) {
            mode = Double.NaN;
            int best = 0;
            for (Map.Entry<Double, Integer> e : n.valueCounts().entrySet()) {
                if (e.getValue() > best) {
                    best = e.getValue();
                    mode = e.getKey();
                }
            }
        } else if (missing == Preprocessing.Missing.MODE) {
            throw new DataException(label, 0, n.name(), null, "has more than " + SiteColumns.MAX_SHARED_VALUES
                    + " distinct values at some site, so its sites do not share value counts and its mode is unknown:"
                    + " impute the median or mean instead");
        } else {
            // only MODE imputation reads the mode; without value counts the median stands in (documented)
            mode = median;
        }
        return new FittedColumn.Numeric(n.name(), n.count(), n.mean(), sd, median, mode, n.min(), n.max());
    }

    private static FittedColumn.Categorical categorical(String label, ColumnSummary.Categorical c, String reference,
                                                        int rows) {
        List<String> levels = new ArrayList<>(c.levelCounts().keySet());
        levels.sort(PreprocessingFitter.LEVEL_ORDER);
        if (!c.levelCounts().containsKey(reference)) {
            throw new DataException(label, 0, c.name(), reference, "is the reference level but does not occur in the "
                    + rows + " training rows of the sites; the levels are " + levels);
        }
        String mode = levels.get(0);
        for (String level : levels) {
            if (c.levelCounts().get(level) > c.levelCounts().get(mode)) {
                mode = level;
            }
        }
        return new FittedColumn.Categorical(c.name(), levels, reference, mode);
    }

    /** Runs every search to its end; each round asks each site one count per unfinished search. */
    private static void bisect(List<RankSearch> searches, List<? extends SiteStatistics> sites) {
        while (true) {
            List<RankSearch> open = new ArrayList<>();
            List<RankQuery> queries = new ArrayList<>();
            for (RankSearch s : searches) {
                if (!s.done()) {
                    open.add(s);
                    queries.add(s.query());
                }
            }
            if (open.isEmpty()) {
                return;
            }
            long[] total = new long[queries.size()];
            for (SiteStatistics site : sites) {
                int[] counts = site.countAtMost(queries);
                if (counts.length != queries.size()) {
                    throw new IllegalStateException("site " + site.site() + " answered " + counts.length
                            + " counts to " + queries.size() + " rank queries");
                }
                SiteSummary summary = site.summary();
                for (int q = 0; q < counts.length; q++) {
                    int observed = observed(summary, queries.get(q).column());
                    if (counts[q] < 0 || counts[q] > observed) {
                        throw new IllegalStateException("site " + site.site() + " counted " + counts[q] + " values of "
                                + queries.get(q).column() + " at most " + queries.get(q).value() + " but has "
                                + observed + " observed values");
                    }
                    total[q] += counts[q];
                }
            }
            for (int q = 0; q < open.size(); q++) {
                open.get(q).answer(total[q]);
            }
        }
    }

    private static int observed(SiteSummary summary, String column) {
        for (ColumnSummary c : summary.columns()) {
            if (c.name().equals(column)) {
                return c.count();
            }
        }
        throw new IllegalStateException("no column " + column + " in the site's summary");
    }

    /** The search for the k-th smallest pooled value of one column, over ordered keys of doubles. */
    private static final class RankSearch {
        private final String column;
        private final long k;
        private long lo;
        private long hi;

        RankSearch(ColumnSummary.Numeric n, long k) {
            this.column = n.name();
            this.k = k;
            this.lo = key(n.min());
            this.hi = key(n.max());
        }

        boolean done() {
            return lo == hi;
        }

        private long mid() {
            // hi - lo may exceed Long.MAX_VALUE; as an unsigned difference it is exact
            return lo + ((hi - lo) >>> 1);
        }

        RankQuery query() {
            return new RankQuery(column, value(mid()));
        }

        void answer(long countAtMost) {
            long mid = mid();
            if (countAtMost >= k) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }

        double value() {
            return value(lo) + 0.0;
        }

        /** Orders doubles as longs: negative doubles have their magnitude bits flipped. */
        private static long key(double d) {
            long bits = Double.doubleToLongBits(d);
            return bits >= 0 ? bits : bits ^ Long.MAX_VALUE;
        }

        private static double value(long key) {
            return Double.longBitsToDouble(key >= 0 ? key : key ^ Long.MAX_VALUE);
        }
    }
}
