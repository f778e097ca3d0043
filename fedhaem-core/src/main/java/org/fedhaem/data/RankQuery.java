package org.fedhaem.data;

import java.util.Objects;

/**
 * A coordinator's question to a site: how many observed training values of numeric {@code column} are at most
 * {@code value}? Sites answer with a count only; asked by bisection this gives the pooled median exactly.
 */
public record RankQuery(String column, double value) {
    public RankQuery {
        Objects.requireNonNull(column, "column");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("column " + column + ": rank query value must be finite, got " + value);
        }
    }
}
