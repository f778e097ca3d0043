package org.fedhaem.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One site's training columns, kept at the site, answering only the aggregate questions of federated
 * preprocessing: its {@link SiteSummary} and counts of values at most a given value ({@link RankQuery}).
 * The rows used are those {@link Preprocessing#fit} would use: all of them, or the complete ones under {@code DROP}.
 */
public final class SiteColumns implements SiteStatistics {
    /**
     * A numeric column with at most this many distinct values at a site (0/1 indicators, small codes) has its value
     * counts shared, as a categorical column's level counts are; with more it is treated as continuous.
     */
    public static final int MAX_SHARED_VALUES = 16;

    private final String site;
    private final SiteSummary summary;
    /** Numeric column -> its observed training values, ascending. */
    private final Map<String, double[]> sorted;

    private SiteColumns(String site, SiteSummary summary, Map<String, double[]> sorted) {
        this.site = site;
        this.summary = summary;
        this.sorted = sorted;
    }

    /**
     * Summarises {@code trainRows} (0-based rows of {@code table}) of the columns {@code schema} selects, under
     * {@code spec}'s missing-value policy; the outcome of those rows is validated as {@link Preprocessing#fit} does.
     */
    public static SiteColumns of(String site, Preprocessing spec, Table table, Schema schema, int[] trainRows) {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(spec, "spec");
        List<String> features = schema.featureColumns(table);
        for (int r : trainRows) {
            if (r < 0 || r >= table.rows()) {
                throw new IllegalArgumentException("site " + site + ": training row " + r + " is outside 0.."
                        + (table.rows() - 1));
            }
        }
        int[] rows = trainRows.clone();
        if (spec.missing() == Preprocessing.Missing.DROP) {
            List<String> used = new ArrayList<>(features);
            used.addAll(schema.target().columnNames());
            rows = PreprocessingFitter.completeRows(table, used, rows);
        }
        int events = positives(Outcomes.read(table, schema.target(), rows));
        List<ColumnSummary> columns = new ArrayList<>(features.size());
        Map<String, double[]> sorted = new HashMap<>();
        for (String f : features) {
            int c = table.indexOf(f);
            if (schema.categorical().containsKey(f)) {
                columns.add(categorical(f, table.textAt(c), rows));
            } else {
                double[] v = observedSorted(table.numericAt(c), rows);
                sorted.put(f, v);
                columns.add(numeric(f, v, rows.length - v.length));
            }
        }
        SiteSummary summary = new SiteSummary(spec.missing(), rows.length, trainRows.length - rows.length, events,
                columns);
        return new SiteColumns(site, summary, sorted);
    }

    @Override
    public String site() {
        return site;
    }

    @Override
    public SiteSummary summary() {
        return summary;
    }

    @Override
    public int[] countAtMost(List<RankQuery> queries) {
        int[] out = new int[queries.size()];
        for (int q = 0; q < out.length; q++) {
            RankQuery query = queries.get(q);
            double[] v = sorted.get(query.column());
            if (v == null) {
                throw new IllegalArgumentException("site " + site + ": no numeric column " + query.column()
                        + " to count; the numeric columns are " + sorted.keySet());
            }
            out[q] = countAtMost(v, query.value());
        }
        return out;
    }

    /** Values of ascending {@code v} that are {@code <= x} (by {@code <=}, so -0.0 and 0.0 count alike). */
    private static int countAtMost(double[] v, double x) {
        int lo = 0;
        int hi = v.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double[] observedSorted(double[] column, int[] rows) {
        double[] v = new double[rows.length];
        int m = 0;
        for (int r : rows) {
            if (!Double.isNaN(column[r])) {
                v[m++] = column[r];
            }
        }
        v = Arrays.copyOf(v, m);
        Arrays.sort(v);
        return v;
    }

    /** Moments as the pooled fit computes them (sum of the ascending values, then the two-pass M2). */
    private static ColumnSummary.Numeric numeric(String name, double[] v, int missing) {
        int m = v.length;
        if (m == 0) {
            return new ColumnSummary.Numeric(name, 0, missing, Double.NaN, 0, Double.NaN, Double.NaN, Map.of());
        }
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        double mean = sum / m;
        double m2 = 0;
        for (double x : v) {
            m2 += (x - mean) * (x - mean);
        }
        TreeMap<Double, Integer> values = new TreeMap<>();
        for (int i = 0; i < m && values.size() <= MAX_SHARED_VALUES; ) {
            int j = i;
            while (j < m && v[j] == v[i]) {
                j++;
            }
            values.put(v[i], j - i);
            i = j;
        }
        Map<Double, Integer> shared = values.size() <= MAX_SHARED_VALUES ? values : Map.of();
        return new ColumnSummary.Numeric(name, m, missing, mean, m2, v[0], v[m - 1], shared);
    }

    private static ColumnSummary.Categorical categorical(String name, String[] column, int[] rows) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        int missing = 0;
        for (int r : rows) {
            if (column[r] == null) {
                missing++;
            } else {
                counts.merge(column[r], 1, Integer::sum);
            }
        }
        return new ColumnSummary.Categorical(name, rows.length - missing, missing, counts);
    }

    private static int positives(Outcome outcome) {
        return outcome instanceof Outcome.Survival s ? s.events() : ((Outcome.Binary) outcome).positives();
    }
}
