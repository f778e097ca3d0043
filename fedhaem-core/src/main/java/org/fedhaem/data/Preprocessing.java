package org.fedhaem.data;

import java.util.Objects;

/**
 * How to turn table columns into model features: a missing-value policy and a scaling. All statistics are computed
 * on the training rows only ({@link #fit}) and then applied unchanged to any other rows or files.
 * <p>
 * Statistics use the observed (non-missing) training values, as R's {@code median(x, na.rm = TRUE)} and
 * {@code scale()} do; missing cells are imputed first and the result is then scaled with those statistics.
 * Categorical columns are one-hot encoded and never scaled; their missing cells take the training mode.
 *
 * @param missing what to do with missing cells
 * @param scaling how numeric features are scaled
 */
public record Preprocessing(Missing missing, Scaling scaling) {

    /** Missing-value policy. */
    public enum Missing {
        /** Keep complete cases over the features and the outcome (R {@code complete.cases}); fit on those only. */
        DROP,
        /** Impute the training median (R: mean of the two middle values when the count is even). */
        MEDIAN,
        /** Impute the training mean. */
        MEAN,
        /** Impute the most frequent training value (the smallest one when several are equally frequent). */
        MODE
    }

    /** Scaling of numeric features. */
    public enum Scaling {
        /** (x - mean) / sd with the n - 1 denominator, as R {@code scale()}. */
        STANDARD,
        /** (x - min) / (max - min). */
        MINMAX,
        /** Unchanged. */
        NONE
    }

    public Preprocessing {
        Objects.requireNonNull(missing, "missing");
        Objects.requireNonNull(scaling, "scaling");
    }

    /** Fits on {@code trainRows} (0-based row indices of {@code table}) of the columns {@code schema} selects. */
    public FittedPreprocessing fit(Table table, Schema schema, int[] trainRows) {
        return PreprocessingFitter.fit(this, table, schema, trainRows);
    }
}
