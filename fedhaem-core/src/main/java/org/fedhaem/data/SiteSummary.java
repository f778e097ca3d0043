package org.fedhaem.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a site shares in one message for federated preprocessing: row and outcome counts and one
 * {@link ColumnSummary} per input column, in model order. No row, and no value beyond those the summaries name.
 *
 * @param missing the missing-value policy the site applied (under {@code DROP} it summarised complete rows only)
 * @param rows    training rows summarised
 * @param dropped training rows left out as incomplete under {@code DROP} (0 otherwise)
 * @param events  events among {@code rows} for a survival outcome, positive labels for a binary one
 * @param columns input columns in model order
 */
public record SiteSummary(Preprocessing.Missing missing, int rows, int dropped, int events,
                          List<ColumnSummary> columns) {
    public SiteSummary {
        Objects.requireNonNull(missing, "missing");
        columns = List.copyOf(columns);
        if (rows < 0 || dropped < 0 || events < 0 || events > rows) {
            throw new IllegalArgumentException("rows " + rows + ", dropped " + dropped + " and events " + events
                    + " must be >= 0 with events <= rows");
        }
        for (ColumnSummary c : columns) {
            if (c.count() + c.missing() != rows) {
                throw new IllegalArgumentException("column " + c.name() + ": " + c.count() + " observed + "
                        + c.missing() + " missing values, but " + rows + " rows");
            }
        }
    }

    /** The summary of both sites' rows, column by column; both must describe the same columns under one policy. */
    public SiteSummary merge(SiteSummary other) {
        if (other.missing != missing) {
            throw new IllegalArgumentException("cannot merge summaries made under missing-value policies " + missing
                    + " and " + other.missing);
        }
        if (!names(other.columns).equals(names(columns))) {
            throw new IllegalArgumentException("cannot merge summaries of different columns: " + names(columns)
                    + " and " + names(other.columns));
        }
        List<ColumnSummary> merged = new ArrayList<>(columns.size());
        for (int j = 0; j < columns.size(); j++) {
            merged.add(columns.get(j).merge(other.columns.get(j)));
        }
        return new SiteSummary(missing, rows + other.rows, dropped + other.dropped, events + other.events, merged);
    }

    /** The column names in order. */
    public List<String> columnNames() {
        return names(columns);
    }

    private static List<String> names(List<ColumnSummary> columns) {
        List<String> out = new ArrayList<>(columns.size());
        for (ColumnSummary c : columns) {
            out.add(c.name());
        }
        return out;
    }
}
