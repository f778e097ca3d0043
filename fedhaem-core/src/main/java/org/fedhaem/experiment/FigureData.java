package org.fedhaem.experiment;

import java.util.Map;
import java.util.Objects;

/**
 * What a run adds to results.json for the report: the per-site data summary and the curves (null with the reason
 * when they cannot be given, as in a deployment).
 */
public record FigureData(DataSummary dataSummary, Curves curves, String curvesUnavailable) {
    /** Why a deployment has no curves. */
    static final String DEPLOYMENT_CURVES = "predictions stay at the sites in a deployment: curves need every test "
            + "patient's prediction and outcome together";

    public FigureData {
        Objects.requireNonNull(dataSummary, "dataSummary");
        if ((curves == null) == (curvesUnavailable == null)) {
            throw new IllegalArgumentException("curves need either a value or a reason, not both or none");
        }
    }

    /** Adds {@code data_summary} and {@code curves} (with {@code curves_unavailable}, the reason, when null). */
    void putInto(Map<String, Object> root) {
        root.put("data_summary", dataSummary.toMap());
        root.put("curves", curves == null ? null : curves.toMap());
        if (curves == null) {
            root.put("curves_unavailable", curvesUnavailable);
        }
    }
}
