package org.fedhaem.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Computes {@link FittedColumn} statistics on training rows. */
final class PreprocessingFitter {
    /** Numbers in numeric order before text in string order, so levels 2 < 10 and "a" < "b". */
    static final Comparator<String> LEVEL_ORDER = (a, b) -> {
        double x = TableReader.parseNumber(a);
        double y = TableReader.parseNumber(b);
        boolean nx = !Double.isNaN(x);
        boolean ny = !Double.isNaN(y);
        if (nx && ny) {
            int c = Double.compare(x, y);
            return c != 0 ? c : a.compareTo(b);
        }
        if (nx != ny) {
            return nx ? -1 : 1;
        }
        return a.compareTo(b);
    };

    private PreprocessingFitter() {
    }

    static FittedPreprocessing fit(Preprocessing spec, Table table, Schema schema, int[] trainRows) {
        List<String> features = schema.featureColumns(table);
        for (int r : trainRows) {
            if (r < 0 || r >= table.rows()) {
                throw new IllegalArgumentException("training row " + r + " is outside 0.." + (table.rows() - 1));
            }
        }
        int[] rows = trainRows.clone();
        if (spec.missing() == Preprocessing.Missing.DROP) {
            List<String> used = new ArrayList<>(features);
            used.addAll(schema.target().columnNames());
            rows = completeRows(table, used, rows);
        }
        if (rows.length == 0) {
            throw new DataException(table.name(), "has no training rows" + (trainRows.length > 0
                    ? " without missing values (" + trainRows.length + " rows before dropping incomplete ones)" : ""));
        }
        Outcomes.read(table, schema.target(), rows);
        List<FittedColumn> columns = new ArrayList<>(features.size());
        for (String f : features) {
            String reference = schema.categorical().get(f);
            columns.add(reference != null ? categorical(table, f, reference, rows)
                    : numeric(table, f, rows, spec));
        }
        return new FittedPreprocessing(schema.target(), spec.missing(), spec.scaling(), columns);
    }

    /** The rows (in the given order) with no missing cell in {@code columns}, as R's complete.cases. */
    static int[] completeRows(Table table, List<String> columns, int[] rows) {
        int[] idx = new int[columns.size()];
        for (int j = 0; j < idx.length; j++) {
            idx[j] = table.indexOf(columns.get(j));
        }
        int[] out = new int[rows.length];
        int n = 0;
        for (int r : rows) {
            boolean complete = true;
            for (int c : idx) {
                if (table.isMissing(r, c)) {
                    complete = false;
                    break;
                }
            }
            if (complete) {
                out[n++] = r;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static FittedColumn.Numeric numeric(Table table, String name, int[] rows, Preprocessing spec) {
        Preprocessing.Scaling scaling = spec.scaling();
        double[] column = table.numericAt(table.indexOf(name));
        double[] v = new double[rows.length];
        int m = 0;
        for (int r : rows) {
            if (!Double.isNaN(column[r])) {
                v[m++] = column[r];
            }
        }
        if (m == 0) {
            throw new DataException(table.name(), 0, name, null,
                    "has no values in the " + rows.length + " training rows " + lines(table, rows));
        }
        v = Arrays.copyOf(v, m);
        Arrays.sort(v);
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        double mean = sum / m;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double sd = m > 1 ? Math.sqrt(ss / (m - 1)) : Double.NaN;
        double median = (m % 2 == 1) ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
        double mode = v[0];
        int best = 0;
        for (int i = 0; i < m; ) {
            int j = i;
            while (j < m && v[j] == v[i]) {
                j++;
            }
            if (j - i > best) {
                best = j - i;
                mode = v[i];
            }
            i = j;
        }
        double min = v[0];
        double max = v[m - 1];
        if (scaling != Preprocessing.Scaling.NONE && min == max && !spec.constantAllowed()) {
            throw new DataException(table.name(), 0, name, null, "is constant (" + Table.format(min) + ") over its "
                    + m + " observed values in the " + rows.length + " training rows " + lines(table, rows) + ", so "
                    + scaling.name().toLowerCase(java.util.Locale.ROOT)
                    + " scaling would divide by zero: exclude the column or use scaling none");
        }
        return new FittedColumn.Numeric(name, m, mean, sd, median, mode, min, max);
    }

    private static FittedColumn.Categorical categorical(Table table, String name, String reference, int[] rows) {
        String[] column = table.textAt(table.indexOf(name));
        Map<String, int[]> counts = new HashMap<>();
        for (int r : rows) {
            if (column[r] != null) {
                counts.computeIfAbsent(column[r], k -> new int[1])[0]++;
            }
        }
        if (counts.isEmpty()) {
            throw new DataException(table.name(), 0, name, null,
                    "has no values in the " + rows.length + " training rows " + lines(table, rows));
        }
        List<String> levels = new ArrayList<>(counts.keySet());
        levels.sort(LEVEL_ORDER);
        if (!counts.containsKey(reference)) {
            throw new DataException(table.name(), 0, name, reference, "is the reference level but does not occur in the "
                    + rows.length + " training rows; the levels are " + levels);
        }
        String mode = levels.get(0);
        for (String level : levels) {
            if (counts.get(level)[0] > counts.get(mode)[0]) {
                mode = level;
            }
        }
        return new FittedColumn.Categorical(name, levels, reference, mode);
    }

    /** "(lines 2, 5, 9, ..., 2767)": which rows are meant, short enough for a message. */
    static String lines(Table table, int[] rows) {
        StringBuilder sb = new StringBuilder("(file lines ");
        int shown = Math.min(rows.length, 5);
        for (int i = 0; i < shown; i++) {
            sb.append(i > 0 ? ", " : "").append(table.line(rows[i]));
        }
        if (rows.length > shown) {
            sb.append(rows.length > shown + 1 ? ", ..., " : ", ").append(table.line(rows[rows.length - 1]));
        }
        return sb.append(')').toString();
    }
}
