package org.fedhaem.data;

import java.util.List;
import java.util.Objects;

/**
 * How to turn table columns into model features: a missing-value policy and a scaling. All statistics are computed
 * on the training rows only ({@link #fit}) and then applied unchanged to any other rows or files.
 * <p>
 * Statistics use the observed (non-missing) training values, as R's {@code median(x, na.rm = TRUE)} and
 * {@code scale()} do; missing cells are imputed first and the result is then scaled with those statistics.
 * Categorical columns are one-hot encoded and never scaled; their missing cells take the training mode.
 *
 * @param missing          what to do with missing cells
 * @param scaling          how numeric features are scaled
 * @param constantAllowed  whether a column that is constant on the training rows may be scaled: then it is centred
 *                         and divided by 1 (scikit-learn's convention), which an experiment needs when a small
 *                         site has, say, no patient with a rare mutation. Off by default: for a single fit a
 *                         constant column is usually a mistake worth an error.
 */
public record Preprocessing(Missing missing, Scaling scaling, boolean constantAllowed) {

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

    /** Constant columns are an error when scaling needs their spread. */
    public Preprocessing(Missing missing, Scaling scaling) {
        this(missing, scaling, false);
    }

    /** Fits on {@code trainRows} (0-based row indices of {@code table}) of the columns {@code schema} selects. */
    public FittedPreprocessing fit(Table table, Schema schema, int[] trainRows) {
        return PreprocessingFitter.fit(this, table, schema, trainRows);
    }

    /**
     * Fits from what the sites share instead of their rows (each site a {@link SiteColumns} made with this
     * preprocessing, or a remote equivalent): the result equals {@link #fit} on the pooled training rows, with
     * mean and sd to rounding (merged moments) and everything else exactly, the median included (bisection on
     * pooled counts). A numeric column's mode is exact when every site shares its value counts (at most
     * {@link SiteColumns#MAX_SHARED_VALUES} distinct values there); otherwise {@code MODE} imputation is refused and
     * under the other policies, which never read it, the median is stored as the mode. Sites are merged in list
     * order, so the result is deterministic.
     */
    public FittedPreprocessing fitFromSummaries(Schema schema, List<? extends SiteStatistics> sites) {
        return FederatedFitter.fit(this, schema, sites);
    }
}
