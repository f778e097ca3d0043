package org.fedhaem.experiment;

import java.util.Map;

/**
 * What a run adds to results.json for the report: the per-site data summary and the curves, each null with the
 * reason when it cannot be given.
 */
public record FigureData(DataSummary dataSummary, String dataSummaryUnavailable, Curves curves,
                         String curvesUnavailable) {
    /** Why a deployment has no curves. */
    static final String DEPLOYMENT_CURVES = "predictions stay at the sites in a deployment: curves need every test "
            + "patient's prediction and outcome together";

    public FigureData {
        if ((dataSummary == null) == (dataSummaryUnavailable == null)) {
            throw new IllegalArgumentException("data_summary needs either a value or a reason, not both or none");
        }
        if ((curves == null) == (curvesUnavailable == null)) {
            throw new IllegalArgumentException("curves need either a value or a reason, not both or none");
        }
    }

    /** Adds {@code data_summary} and {@code curves} (each with its {@code _unavailable} reason when null). */
    void putInto(Map<String, Object> root) {
        root.put("data_summary", dataSummary == null ? null : dataSummary.toMap());
        if (dataSummary == null) {
            root.put("data_summary_unavailable", dataSummaryUnavailable);
        }
        root.put("curves", curves == null ? null : curves.toMap());
        if (curves == null) {
            root.put("curves_unavailable", curvesUnavailable);
        }
    }
}
