package org.fedhaem.data;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The training statistics of one input column. Kept explicit, so federated preprocessing can build the same values
 * from site aggregates.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = FittedColumn.Numeric.class, name = "numeric"),
        @JsonSubTypes.Type(value = FittedColumn.Categorical.class, name = "categorical")})
public sealed interface FittedColumn permits FittedColumn.Numeric, FittedColumn.Categorical {

    /** The source column name. */
    String name();

    /** The model feature names this column produces. */
    List<String> outputs();

    /**
     * Statistics of the observed training values of a numeric column.
     *
     * @param count observed (non-missing) training values
     * @param sd    standard deviation with the n - 1 denominator (NaN when count is 1)
     */
    record Numeric(String name, int count, double mean, double sd, double median, double mode, double min,
                   double max) implements FittedColumn {
        public Numeric {
            Objects.requireNonNull(name, "name");
            if (count < 1) {
                throw new IllegalArgumentException("column " + name + ": count must be at least 1, got " + count);
            }
            for (double v : new double[] {mean, median, mode, min, max}) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("column " + name + ": statistic is not finite: " + v);
                }
            }
            if (!(sd >= 0) && !(count == 1 && Double.isNaN(sd))) {
                throw new IllegalArgumentException("column " + name + ": sd must be >= 0, got " + sd);
            }
            if (min > max || median < min || median > max || mode < min || mode > max) {
                throw new IllegalArgumentException("column " + name + ": inconsistent min " + min + ", max " + max
                        + ", median " + median + ", mode " + mode);
            }
        }

        @Override
        public List<String> outputs() {
            return List.of(name);
        }

        /** The value imputed for a missing cell (NaN for {@code DROP}, which imputes nothing). */
        public double fill(Preprocessing.Missing policy) {
            return switch (policy) {
                case DROP -> Double.NaN;
                case MEDIAN -> median;
                case MEAN -> mean;
                case MODE -> mode;
            };
        }

        /** Subtracted before dividing by {@link #scale}. */
        public double center(Preprocessing.Scaling scaling) {
            return switch (scaling) {
                case STANDARD -> mean;
                case MINMAX -> min;
                case NONE -> 0;
            };
        }

        public double scale(Preprocessing.Scaling scaling) {
            double s = switch (scaling) {
                case STANDARD -> sd;
                case MINMAX -> max - min;
                case NONE -> 1;
            };
            // A constant column (allowed only when asked for) is centred and left at unit scale, as scikit-learn does.
            return s > 0 ? s : 1;
        }
    }

    /**
     * The levels of a categorical column seen in the training rows.
     *
     * @param levels    every observed level, numbers first in numeric order, then text in string order
     * @param reference the level that gets no column
     * @param mode      the most frequent level (the first in {@code levels} order on ties), imputed for missing cells
     */
    record Categorical(String name, List<String> levels, String reference, String mode) implements FittedColumn {
        public Categorical {
            Objects.requireNonNull(name, "name");
            levels = List.copyOf(levels);
            if (new HashSet<>(levels).size() != levels.size()) {
                throw new IllegalArgumentException("column " + name + ": duplicate levels in " + levels);
            }
            if (!levels.contains(reference)) {
                throw new IllegalArgumentException("column " + name + ": reference level '" + reference
                        + "' is not among the levels " + levels);
            }
            if (!levels.contains(mode)) {
                throw new IllegalArgumentException("column " + name + ": mode '" + mode + "' is not among the levels "
                        + levels);
            }
        }

        /** The levels that get a 0/1 column, in {@code levels} order. */
        public List<String> dummyLevels() {
            List<String> out = new ArrayList<>(levels);
            out.remove(reference);
            return out;
        }

        @Override
        public List<String> outputs() {
            List<String> out = new ArrayList<>();
            for (String level : dummyLevels()) {
                out.add(name + "_" + level);
            }
            return out;
        }
    }
}
