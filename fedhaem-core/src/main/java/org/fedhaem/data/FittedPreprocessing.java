package org.fedhaem.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Preprocessing fitted on training rows: the outcome columns, the policies and each input column's statistics.
 * Immutable and saved as JSON beside a model, so a new patient file can be transformed the same way later.
 *
 * @param target  the outcome columns ({@link #apply} needs them, {@link #transform} does not)
 * @param columns input columns in model order
 */
public record FittedPreprocessing(Schema.Target target, Preprocessing.Missing missing, Preprocessing.Scaling scaling,
                                  List<FittedColumn> columns) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public FittedPreprocessing {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(missing, "missing");
        Objects.requireNonNull(scaling, "scaling");
        columns = List.copyOf(columns);
        Set<String> names = new HashSet<>(target.columnNames());
        for (FittedColumn c : columns) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("column '" + c.name() + "' appears twice or is an outcome");
            }
            if (c instanceof FittedColumn.Numeric n) {
                double s = n.scale(scaling);
                if (!(s > 0) || Double.isInfinite(s)) {
                    throw new IllegalArgumentException("column '" + n.name() + "': " + scaling + " scale is " + s);
                }
            }
        }
        Set<String> outputs = new HashSet<>();
        for (FittedColumn c : columns) {
            for (String o : c.outputs()) {
                if (!outputs.add(o)) {
                    throw new IllegalArgumentException("feature name '" + o + "' is produced twice");
                }
            }
        }
    }

    /** The model feature names, in order (one-hot columns as {@code col_level}). */
    public List<String> features() {
        List<String> out = new ArrayList<>();
        for (FittedColumn c : columns) {
            out.addAll(c.outputs());
        }
        return out;
    }

    /** A schema that reads a file for this preprocessing (categorical columns as text). */
    public Schema schema() {
        List<String> names = new ArrayList<>();
        Map<String, String> categorical = new LinkedHashMap<>();
        for (FittedColumn c : columns) {
            names.add(c.name());
            if (c instanceof FittedColumn.Categorical k) {
                categorical.put(k.name(), k.reference());
            }
        }
        return new Schema(target, names, List.of(), categorical);
    }

    /** Every row of {@code table} as a model-ready data set (incomplete rows dropped under {@code DROP}). */
    public Design apply(Table table) {
        return apply(table, allRows(table));
    }

    /** The given rows (0-based, in order) as a data set; under {@code DROP} incomplete rows are left out. */
    public Design apply(Table table, int[] rows) {
        int[] used = usableRows(table, rows);
        Outcome outcome = Outcomes.read(table, target, used);
        return new Design(features(), matrix(table, used), outcome);
    }

    /**
     * The rows of {@code rows} that {@link #apply(Table, int[])} keeps: all of them, or under {@code DROP} those
     * without a missing feature or outcome (R {@code complete.cases}).
     */
    public int[] usableRows(Table table, int[] rows) {
        if (missing != Preprocessing.Missing.DROP) {
            return rows.clone();
        }
        List<String> used = new ArrayList<>();
        for (FittedColumn c : columns) {
            used.add(c.name());
        }
        used.addAll(target.columnNames());
        return PreprocessingFitter.completeRows(table, used, rows);
    }

    /** The features of every row, for prediction; the outcome columns need not exist. */
    public double[][] transform(Table table) {
        return transform(table, allRows(table));
    }

    /**
     * The features of the given rows. Under {@code DROP} a missing feature is an error here, because every patient
     * asked about must get a prediction.
     */
    public double[][] transform(Table table, int[] rows) {
        return matrix(table, rows);
    }

    private double[][] matrix(Table table, int[] rows) {
        int p = features().size();
        double[][] x = new double[rows.length][p];
        int j = 0;
        for (FittedColumn column : columns) {
            int c = table.indexOf(column.name());
            if (column instanceof FittedColumn.Numeric n) {
                fillNumeric(table, c, n, rows, x, j);
                j++;
            } else {
                FittedColumn.Categorical k = (FittedColumn.Categorical) column;
                fillCategorical(table, c, k, rows, x, j);
                j += k.levels().size() - 1;
            }
        }
        return x;
    }

    private void fillNumeric(Table table, int c, FittedColumn.Numeric n, int[] rows, double[][] x, int j) {
        double[] v = table.numericAt(c);
        double fill = n.fill(missing);
        double center = n.center(scaling);
        double scale = n.scale(scaling);
        for (int i = 0; i < rows.length; i++) {
            double value = v[rows[i]];
            if (Double.isNaN(value)) {
                if (missing == Preprocessing.Missing.DROP) {
                    throw missingUnderDrop(table, rows[i], n.name());
                }
                value = fill;
            }
            x[i][j] = (value - center) / scale;
        }
    }

    private void fillCategorical(Table table, int c, FittedColumn.Categorical k, int[] rows, double[][] x, int j) {
        String[] v = table.textAt(c);
        Map<String, Integer> slot = new HashMap<>();
        int s = 0;
        for (String level : k.levels()) {
            slot.put(level, level.equals(k.reference()) ? -1 : s++);
        }
        for (int i = 0; i < rows.length; i++) {
            String level = v[rows[i]];
            if (level == null) {
                if (missing == Preprocessing.Missing.DROP) {
                    throw missingUnderDrop(table, rows[i], k.name());
                }
                level = k.mode();
            }
            Integer at = slot.get(level);
            if (at == null) {
                throw new DataException(table.name(), table.line(rows[i]), k.name(), level,
                        "is a level not seen in the training rows; the levels are " + k.levels());
            }
            if (at >= 0) {
                x[i][j + at] = 1;
            }
        }
    }

    private static DataException missingUnderDrop(Table table, int row, String column) {
        return new DataException(table.name(), table.line(row), column, null,
                "is missing and the missing-value policy is drop, so this row has no prediction");
    }

    private static int[] allRows(Table table) {
        int[] rows = new int[table.rows()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return rows;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write preprocessing as JSON", e);
        }
    }

    public static FittedPreprocessing fromJson(String json) {
        try {
            return JSON.readValue(json, FittedPreprocessing.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a fitted preprocessing: " + e.getOriginalMessage(), e);
        }
    }

    public void write(Path file) {
        try {
            Files.writeString(file, toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    public static FittedPreprocessing read(Path file) {
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
