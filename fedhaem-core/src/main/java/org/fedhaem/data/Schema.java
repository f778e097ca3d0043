package org.fedhaem.data;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which columns of a table are the outcome and the features.
 *
 * @param target      survival ({@code time}, {@code event}) or binary ({@code label}) outcome columns
 * @param features    feature columns in model order; empty = every column that is neither outcome nor excluded,
 *                    in file order
 * @param exclude     columns that are never features (ids, site, published scores)
 * @param categorical categorical column -> reference level; such a column becomes one 0/1 column
 *                    {@code col_level} per level other than the reference (levels are compared as text, so
 *                    numeric codes such as {@code 2} are fine)
 */
public record Schema(Target target, List<String> features, List<String> exclude, Map<String, String> categorical) {

    /** The outcome columns. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(value = SurvivalTarget.class, name = "survival"),
            @JsonSubTypes.Type(value = BinaryTarget.class, name = "binary")})
    public sealed interface Target permits SurvivalTarget, BinaryTarget {
        /** The outcome column names. */
        List<String> columnNames();
    }

    /** Follow-up time (non-negative) and event (1 = event, 0 = censored). */
    public record SurvivalTarget(String time, String event) implements Target {
        public SurvivalTarget {
            requireName(time, "time column");
            requireName(event, "event column");
            if (time.equals(event)) {
                throw new IllegalArgumentException("time and event are the same column: " + time);
            }
        }

        @Override
        public List<String> columnNames() {
            return List.of(time, event);
        }
    }

    /** A 0/1 label (1 = positive class). */
    public record BinaryTarget(String label) implements Target {
        public BinaryTarget {
            requireName(label, "label column");
        }

        @Override
        public List<String> columnNames() {
            return List.of(label);
        }
    }

    public Schema {
        Objects.requireNonNull(target, "target");
        features = List.copyOf(features);
        exclude = List.copyOf(exclude);
        categorical = Collections.unmodifiableMap(new LinkedHashMap<>(categorical));
        Set<String> outcome = Set.copyOf(target.columnNames());
        Set<String> seen = new HashSet<>();
        for (String f : features) {
            requireName(f, "feature");
            if (!seen.add(f)) {
                throw new IllegalArgumentException("feature '" + f + "' is listed twice");
            }
            if (outcome.contains(f)) {
                throw new IllegalArgumentException("outcome column '" + f + "' cannot be a feature");
            }
            if (exclude.contains(f)) {
                throw new IllegalArgumentException("column '" + f + "' is both a feature and excluded");
            }
        }
        for (String e : exclude) {
            requireName(e, "excluded column");
            if (outcome.contains(e)) {
                throw new IllegalArgumentException("outcome column '" + e + "' cannot be excluded");
            }
        }
        for (Map.Entry<String, String> e : categorical.entrySet()) {
            String col = e.getKey();
            requireName(col, "categorical column");
            if (e.getValue() == null || e.getValue().isBlank()) {
                throw new IllegalArgumentException("categorical column '" + col + "' needs a reference level, got '"
                        + e.getValue() + "'");
            }
            if (outcome.contains(col) || exclude.contains(col)) {
                throw new IllegalArgumentException("categorical column '" + col + "' is an outcome or excluded");
            }
            if (!features.isEmpty() && !features.contains(col)) {
                throw new IllegalArgumentException("categorical column '" + col + "' is not among the features "
                        + features);
            }
        }
    }

    public static Schema survival(String time, String event) {
        return new Schema(new SurvivalTarget(time, event), List.of(), List.of(), Map.of());
    }

    public static Schema binary(String label) {
        return new Schema(new BinaryTarget(label), List.of(), List.of(), Map.of());
    }

    public Schema withFeatures(List<String> names) {
        return new Schema(target, names, exclude, categorical);
    }

    public Schema withExclude(List<String> names) {
        return new Schema(target, features, names, categorical);
    }

    /** This schema with {@code column} categorical, {@code reference} being the level that gets no column. */
    public Schema withCategorical(String column, String reference) {
        Map<String, String> map = new LinkedHashMap<>(categorical);
        map.put(column, reference);
        return new Schema(target, features, exclude, map);
    }

    /**
     * The feature columns of {@code table} in model order; a {@link DataException} naming the file and its columns
     * when a declared column (feature, outcome, excluded or categorical) is absent.
     */
    public List<String> featureColumns(Table table) {
        List<String> declared = new ArrayList<>(target.columnNames());
        declared.addAll(features);
        declared.addAll(exclude);
        declared.addAll(categorical.keySet());
        for (String c : declared) {
            table.indexOf(c);
        }
        if (!features.isEmpty()) {
            return features;
        }
        List<String> out = new ArrayList<>();
        for (String c : table.columns()) {
            if (!target.columnNames().contains(c) && !exclude.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    ColumnKind kindOf(String column) {
        if (categorical.containsKey(column)) {
            return ColumnKind.TEXT;
        }
        if (target.columnNames().contains(column)) {
            return ColumnKind.NUMERIC;
        }
        if (features.isEmpty()) {
            return exclude.contains(column) ? ColumnKind.ANY : ColumnKind.NUMERIC;
        }
        return features.contains(column) ? ColumnKind.NUMERIC : ColumnKind.ANY;
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " name is blank: '" + name + "'");
        }
    }
}
