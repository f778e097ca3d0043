package org.fedhaem.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A table as read from a file: named columns, each either numeric ({@code double[]}, NaN = missing) or text
 * ({@code String[]}, null = missing), and the 1-based file line of every row (header = line 1) for error messages.
 * Immutable: accessors return copies.
 */
public final class Table {
    private final Path source;
    private final String name;
    private final List<String> columns;
    private final Map<String, Integer> index;
    /** Per column a double[] or a String[]. */
    private final Object[] data;
    private final int[] lines;

    Table(Path source, List<String> columns, Object[] data, int[] lines) {
        this.source = source;
        this.name = source.getFileName() == null ? source.toString() : source.getFileName().toString();
        this.columns = List.copyOf(columns);
        this.data = data;
        this.lines = lines;
        if (data.length != columns.size()) {
            throw new IllegalArgumentException(columns.size() + " column names but " + data.length + " columns");
        }
        this.index = new HashMap<>();
        for (int c = 0; c < data.length; c++) {
            int length = data[c] instanceof double[] d ? d.length : ((String[]) data[c]).length;
            if (length != lines.length) {
                throw new IllegalArgumentException("column " + columns.get(c) + " has " + length + " rows, expected "
                        + lines.length);
            }
            if (index.put(columns.get(c), c) != null) {
                throw new IllegalArgumentException("duplicate column " + columns.get(c));
            }
        }
    }

    /** The file this table was read from. */
    public Path source() {
        return source;
    }

    /** The file name used in messages. */
    public String name() {
        return name;
    }

    public List<String> columns() {
        return columns;
    }

    public int rows() {
        return lines.length;
    }

    public boolean has(String column) {
        return index.containsKey(column);
    }

    public boolean isNumeric(String column) {
        return data[indexOf(column)] instanceof double[];
    }

    /** A copy of a numeric column (NaN = missing). */
    public double[] numeric(String column) {
        return numericAt(indexOf(column)).clone();
    }

    /** A copy of a column as text (null = missing); numeric columns are formatted as {@link #format(double)}. */
    public String[] text(String column) {
        return textAt(indexOf(column)).clone();
    }

    /** The 1-based file line of data row {@code row} (0-based). */
    public int line(int row) {
        return lines[row];
    }

    /** The given rows (0-based, in the given order), keeping their file lines. */
    public Table select(int[] rows) {
        Object[] out = new Object[data.length];
        for (int c = 0; c < data.length; c++) {
            if (data[c] instanceof double[] d) {
                double[] v = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    v[i] = d[rows[i]];
                }
                out[c] = v;
            } else {
                String[] s = (String[]) data[c];
                String[] v = new String[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    v[i] = s[rows[i]];
                }
                out[c] = v;
            }
        }
        int[] l = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            l[i] = lines[rows[i]];
        }
        return new Table(source, columns, out, l);
    }

    /** The column's position; a {@link DataException} naming the file and its columns when absent. */
    int indexOf(String column) {
        Integer c = index.get(column);
        if (c == null) {
            throw new DataException(name, 0, column, null, "does not exist; the columns are " + columns);
        }
        return c;
    }

    /** The numeric column itself (not copied); fails when it holds text. */
    double[] numericAt(int c) {
        if (data[c] instanceof double[] d) {
            return d;
        }
        throw new DataException(name, 0, columns.get(c), null, "holds text, not numbers");
    }

    /** The column as text (not copied when it is text). */
    String[] textAt(int c) {
        if (data[c] instanceof String[] s) {
            return s;
        }
        double[] d = (double[]) data[c];
        String[] s = new String[d.length];
        for (int i = 0; i < d.length; i++) {
            s[i] = Double.isNaN(d[i]) ? null : format(d[i]);
        }
        return s;
    }

    boolean isMissing(int row, int c) {
        return data[c] instanceof double[] d ? Double.isNaN(d[row]) : ((String[]) data[c])[row] == null;
    }

    /** The cell as it would be written: integers without a decimal point, missing as empty. */
    String cell(int row, int c) {
        if (data[c] instanceof double[] d) {
            return Double.isNaN(d[row]) ? "" : format(d[row]);
        }
        String s = ((String[]) data[c])[row];
        return s == null ? "" : s;
    }

    /** Integer-valued numbers without ".0", so a numeric cell 1 and a text level "1" agree. */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** A new all-numeric table, e.g. a synthetic cohort; lines are 2..n+1 as if written with a header. */
    static Table ofNumeric(Path source, List<String> columns, List<double[]> values) {
        int n = values.isEmpty() ? 0 : values.get(0).length;
        int[] lines = new int[n];
        for (int i = 0; i < n; i++) {
            lines[i] = i + 2;
        }
        return new Table(source, columns, new ArrayList<Object>(values).toArray(), lines);
    }

    @Override
    public String toString() {
        return "Table[" + name + ", " + rows() + " rows, columns " + columns + "]";
    }
}
