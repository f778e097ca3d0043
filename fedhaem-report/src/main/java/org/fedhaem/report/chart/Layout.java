package org.fedhaem.report.chart;

import java.util.Arrays;

/**
 * Sizes of a chart drawn at twice its display size (for print): fonts, strokes and margins in pixels, and the parts
 * both chart kinds share (title, value axis with grid, ranges).
 */
final class Layout {

    static final double PAD = 24;
    static final double FONT_TITLE = 30;
    static final double FONT_LABEL = 27;
    static final double FONT_TICK = 24;
    static final double FONT_LEGEND = 24;
    static final double FONT_TABLE = 23;
    static final float LINE_WIDTH = 3.5f;
    static final double MARKER = 17;
    static final double TICK = 10;
    /** Data never touches the frame: a line at the range's end stays visible. */
    static final double INSET = 12;

    private Layout() {
    }

    /** Top of the plot area: below the title, if any. */
    static double top(String title) {
        return title == null ? PAD + 10 : PAD + FONT_TITLE * 1.2 + 18;
    }

    static void title(Canvas c, String title, double left, double right) {
        if (title != null) {
            c.text(title, FONT_TITLE, (left + right) / 2, PAD + Canvas.ascent(FONT_TITLE), 0.5, Canvas.INK);
        }
    }

    /** Width of the value axis left of the plot: its label (turned), the tick labels and the ticks. */
    static double valueAxisWidth(Ticks ticks) {
        double w = 0;
        for (double v : ticks.values()) {
            w = Math.max(w, Canvas.width(ticks.label(v), FONT_TICK));
        }
        return PAD + FONT_LABEL * 1.25 + 12 + w + TICK + 8;
    }

    /** The y axis: grid lines across the plot, ticks, tick labels and the turned axis label. */
    static void valueAxis(Canvas c, Ticks ticks, Scale sy, String label, double left, double right, double top,
            double bottom) {
        for (double v : ticks.values()) {
            double y = sy.px(v);
            c.line(left, y, right, y, 1.5f, Canvas.GRID);
            c.line(left - TICK, y, left, y, 2f, Canvas.INK);
            c.textMiddle(ticks.label(v), FONT_TICK, left - TICK - 8, y, 1, Canvas.INK);
        }
        c.verticalText(label, FONT_LABEL, PAD + FONT_LABEL * 0.6, (top + bottom) / 2, Canvas.INK);
    }

    static void frame(Canvas c, double left, double right, double top, double bottom) {
        c.line(left, top, left, bottom, 2f, Canvas.INK);
        c.line(left, bottom, right, bottom, 2f, Canvas.INK);
    }

    /**
     * The range of the values given (NaN ignored), widened to whole ticks, but never beyond [limitLo, limitHi]
     * (e.g. a proportion's interval from few repeats reaching past 1 is cut at 1).
     */
    static Ticks range(double[] values, double limitLo, double limitHi, int target) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, Math.max(v, limitLo));
                hi = Math.max(hi, Math.min(v, limitHi));
            }
        }
        if (lo > hi) {
            lo = Double.isFinite(limitLo) ? limitLo : 0;
            hi = Double.isFinite(limitHi) ? limitHi : 1;
        }
        Ticks wide = Ticks.covering(lo, hi, target);
        if (wide.lo() >= limitLo && wide.hi() <= limitHi) {
            return wide;
        }
        return Ticks.within(Math.max(wide.lo(), limitLo), Math.min(wide.hi(), limitHi), target);
    }

    static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p == null ? 0 : p.length;
        }
        double[] all = new double[n];
        int at = 0;
        for (double[] p : parts) {
            if (p != null) {
                System.arraycopy(p, 0, all, at, p.length);
                at += p.length;
            }
        }
        return Arrays.copyOf(all, at);
    }
}
