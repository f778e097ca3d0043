package org.fedhaem.experiment;

import java.util.Map;
import java.util.Objects;

/**
 * What a run adds to results.json for the report: the per-site data summary and the curves, with the reason
 * ({@code curvesUnavailable}) when some or all of them cannot be given: null curves with the reason when none can,
 * or, in a binary deployment, the confusion matrices with the reason the ROC curves are missing.
 */
public record FigureData(DataSummary dataSummary, Curves curves, String curvesUnavailable) {
    public FigureData {
        Objects.requireNonNull(dataSummary, "dataSummary");
        if (curves == null && curvesUnavailable == null) {
            throw new IllegalArgumentException("curves need either a value or the reason there are none");
        }
    }

    /** Adds {@code data_summary}, {@code curves} and, when some curves are missing, {@code curves_unavailable}. */
    void putInto(Map<String, Object> root) {
        root.put("data_summary", dataSummary.toMap());
        root.put("curves", curves == null ? null : curves.toMap());
        if (curvesUnavailable != null) {
            root.put("curves_unavailable", curvesUnavailable);
        }
    }
}
