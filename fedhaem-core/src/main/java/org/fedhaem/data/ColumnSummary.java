package org.fedhaem.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one site shares about one input column of its training rows for federated preprocessing: counts and
 * mergeable moments, never a row. {@link #merge} pools two summaries as if their rows were one set; merging in a
 * fixed (site) order makes the result deterministic.
 */
public sealed interface ColumnSummary permits ColumnSummary.Numeric, ColumnSummary.Categorical {

    /** The column name. */
    String name();

    /** Observed (non-missing) values. */
    int count();

    /** Missing cells among the training rows. */
    int missing();

    /** The summary of both sets of rows; {@code other} must describe the same column. */
    ColumnSummary merge(ColumnSummary other);

    /**
     * A numeric column: count, mean and M2 (sum of squared deviations from the mean, merged as Chan, Golub and
     * LeVeque 1979, which stays accurate where sum and sum of squares cancel), min and max. A site with at most
     * {@link SiteColumns#MAX_SHARED_VALUES} distinct values (0/1 indicators, small codes) also shares each value's
     * count, as for a categorical column, so the pooled mode is exact; otherwise {@code valueCounts} is empty.
     *
     * @param mean        NaN when {@code count} is 0
     * @param m2          sum over observed values of (x - mean)^2; 0 when {@code count} is 0
     * @param min         NaN when {@code count} is 0
     * @param max         NaN when {@code count} is 0
     * @param valueCounts every observed value with its count (ascending values), or empty when not shared
     */
    record Numeric(String name, int count, int missing, double mean, double m2, double min, double max,
                   Map<Double, Integer> valueCounts) implements ColumnSummary {
        public Numeric {
            checkCounts(name, count, missing);
            if (count == 0) {
                if (!Double.isNaN(mean) || m2 != 0 || !Double.isNaN(min) || !Double.isNaN(max)) {
                    throw new IllegalArgumentException("column " + name + ": no observed values, so mean, min and max"
                            + " must be NaN and m2 0, got " + mean + ", " + min + ", " + max + ", " + m2);
                }
            } else {
                for (double v : new double[] {mean, m2, min, max}) {
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("column " + name + ": statistic is not finite: " + v);
                    }
                }
                // no mean-in-[min, max] check: sum / count of equal values can round just outside
                if (m2 < 0 || min > max) {
                    throw new IllegalArgumentException("column " + name + ": inconsistent m2 " + m2 + ", min " + min
                            + ", max " + max);
                }
            }
            TreeMap<Double, Integer> values = new TreeMap<>();
            long total = 0;
            for (Map.Entry<Double, Integer> e : valueCounts.entrySet()) {
                double v = e.getKey();
                int c = e.getValue();
                if (!(v >= min && v <= max) || c < 1) {
                    throw new IllegalArgumentException("column " + name + ": value count " + v + " x " + c
                            + " is outside [" + min + ", " + max + "] or not positive");
                }
                values.put(v == 0 ? 0.0 : v, c);
                total += c;
            }
            if (!values.isEmpty() && total != count) {
                throw new IllegalArgumentException("column " + name + ": value counts sum to " + total
                        + " but count is " + count);
            }
            valueCounts = Collections.unmodifiableSortedMap(values);
        }

        /** Whether every observed value's count is known (trivially so without observed values). */
        public boolean valuesShared() {
            return count == 0 || !valueCounts.isEmpty();
        }

        @Override
        public Numeric merge(ColumnSummary other) {
            Numeric o = sameColumn(this, other, Numeric.class);
            if (o.count == 0 || count == 0) {
                Numeric some = count == 0 ? o : this;
                Map<Double, Integer> values = valuesShared() && o.valuesShared() ? some.valueCounts : Map.of();
                return new Numeric(name, some.count, missing + o.missing, some.mean, some.m2, some.min, some.max,
                        values);
            }
            int n = count + o.count;
            double delta = o.mean - mean;
            double pooledMean = mean + delta * ((double) o.count / n);
            double pooledM2 = m2 + o.m2 + delta * delta * ((double) count * o.count / n);
            double lo = Math.min(min, o.min);
            double hi = Math.max(max, o.max);
            Map<Double, Integer> values = Map.of();
            if (!valueCounts.isEmpty() && !o.valueCounts.isEmpty()) {
                TreeMap<Double, Integer> sum = new TreeMap<>(valueCounts);
                o.valueCounts.forEach((v, c) -> sum.merge(v, c, Integer::sum));
                values = sum;
            }
            return new Numeric(name, n, missing + o.missing, pooledMean, pooledM2, lo, hi, values);
        }
    }

    /**
     * A categorical column: the count of each level seen (levels as text).
     *
     * @param levelCounts level -> count (at least 1), summing to {@code count}
     */
    record Categorical(String name, int count, int missing, Map<String, Integer> levelCounts)
            implements ColumnSummary {
        public Categorical {
            checkCounts(name, count, missing);
            long total = 0;
            for (Map.Entry<String, Integer> e : levelCounts.entrySet()) {
                if (e.getKey() == null || e.getValue() == null || e.getValue() < 1) {
                    throw new IllegalArgumentException("column " + name + ": level '" + e.getKey() + "' has count "
                            + e.getValue() + ", must be at least 1");
                }
                total += e.getValue();
            }
            if (total != count) {
                throw new IllegalArgumentException("column " + name + ": level counts sum to " + total
                        + " but count is " + count);
            }
            TreeMap<String, Integer> sorted = new TreeMap<>(PreprocessingFitter.LEVEL_ORDER);
            sorted.putAll(levelCounts);
            levelCounts = Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
        }

        @Override
        public Categorical merge(ColumnSummary other) {
            Categorical o = sameColumn(this, other, Categorical.class);
            Map<String, Integer> sum = new LinkedHashMap<>(levelCounts);
            o.levelCounts.forEach((level, c) -> sum.merge(level, c, Integer::sum));
            return new Categorical(name, count + o.count, missing + o.missing, sum);
        }
    }

    private static void checkCounts(String name, int count, int missing) {
        Objects.requireNonNull(name, "name");
        if (count < 0 || missing < 0) {
            throw new IllegalArgumentException("column " + name + ": count " + count + " and missing " + missing
                    + " must be >= 0");
        }
    }

    private static <T extends ColumnSummary> T sameColumn(ColumnSummary self, ColumnSummary other, Class<T> kind) {
        Objects.requireNonNull(other, "other");
        if (!kind.isInstance(other) || !self.name().equals(other.name())) {
            throw new IllegalArgumentException("cannot merge the summary of column " + self.name() + " ("
                    + self.getClass().getSimpleName() + ") with that of " + other.name() + " ("
                    + other.getClass().getSimpleName() + ")");
        }
        return kind.cast(other);
    }
}
