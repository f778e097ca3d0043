package org.fedhaem.report.chart;

/** A linear map from data values [d0, d1] to pixels [p0, p1] (p1 < p0 for a y axis). */
record Scale(double d0, double d1, double p0, double p1) {

    Scale {
        if (!(d1 > d0) || !Double.isFinite(d0) || !Double.isFinite(d1)) {
            throw new IllegalArgumentException("scale needs a finite range with d1 > d0, got " + d0 + ".." + d1);
        }
    }

    double px(double v) {
        return p0 + (v - d0) / (d1 - d0) * (p1 - p0);
    }
}
