package org.fedhaem.cli;

import org.fedhaem.metrics.MetricValue;

/** Text formatting shared by the commands. */
final class Text {
    private Text() {
    }

    /** A metric with 4 decimals, or "undefined (reason)". */
    static String metric(MetricValue v) {
        return v.isDefined() ? String.format("%.4f", v.value()) : "undefined (" + v.undefinedReason() + ")";
    }
}
