package org.fedhaem.report.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An XY chart: lines, step functions and markers with optional vertical intervals, labelled horizontal reference
 * lines (labels right of the plot), an optional diagonal y = x, the legend right of everything, and an optional
 * table under the plot with one number per x tick ("number at risk"). Built by chained calls, then {@link #png}.
 */
public final class XyChart {

    /** Dense series get markers spaced along the line instead of on every point. */
    private static final int MARK_EVERY_POINT_UP_TO = 25;
    private static final float REFERENCE_WIDTH = 2.5f;
    private static final float[] REFERENCE_DASH = {10f, 7f};
    /** Centre to centre: a tick-size line of text with its parentheses and a clear gap, so labels never touch. */
    static final double LABEL_GAP = Layout.FONT_TICK * 1.6;

    private record Reference(String label, double y) {
    }

    private record TableRow(String label, int style, long[] counts) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();
    private final List<TableRow> rows = new ArrayList<>();
    private double[] xFixed;
    private double[] yFixed;
    private boolean xWhole;
    private double yLimitLo = Double.NEGATIVE_INFINITY;
    private double yLimitHi = Double.POSITIVE_INFINITY;
    private String diagonal;
    private String tableTitle;
    private double[] tableTimes;

    /** A chart with a title over it (null: none) and axis labels, which should name their units. */
    public XyChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
        this.yLabel = Objects.requireNonNull(yLabel, "yLabel");
    }

    /** A fixed x range instead of the data's. */
    public XyChart xRange(double lo, double hi) {
        xFixed = checkedRange("x", lo, hi);
        return this;
    }

    /** Ticks on x at whole numbers only (rounds, counts). */
    public XyChart wholeX() {
        xWhole = true;
        return this;
    }

    /** A fixed y range instead of the data's. */
    public XyChart yRange(double lo, double hi) {
        yFixed = checkedRange("y", lo, hi);
        return this;
    }

    /** The data's y range, but never beyond these bounds (e.g. 0 and 1 for a proportion). */
    public XyChart yLimits(double lo, double hi) {
        checkedRange("y limits", lo, hi);
        yLimitLo = lo;
        yLimitHi = hi;
        return this;
    }

    public XyChart series(Series s) {
        series.add(Objects.requireNonNull(s, "series"));
        return this;
    }

    /** A horizontal reference line at y, labelled right of the plot. */
    public XyChart reference(String label, double y) {
        if (!Double.isFinite(y)) {
            throw new IllegalArgumentException("reference line " + label + " needs a finite y, got " + y);
        }
        references.add(new Reference(Objects.requireNonNull(label, "label"), y));
        return this;
    }

    /** The diagonal y = x, named in the legend. */
    public XyChart diagonal(String label) {
        diagonal = Objects.requireNonNull(label, "label");
        return this;
    }

    /** A table under the plot whose columns are these x values (they also become the x ticks). */
    public XyChart table(String title, double[] times) {
        if (times.length == 0) {
            throw new IllegalArgumentException("table " + title + " needs at least one column");
        }
        for (int i = 1; i < times.length; i++) {
            if (!(times[i] > times[i - 1])) {
                throw new IllegalArgumentException("table " + title + ": columns must increase, got "
                        + Arrays.toString(times));
            }
        }
        tableTitle = Objects.requireNonNull(title, "title");
        tableTimes = times.clone();
        return this;
    }

    /** A row of the table: one count per column, labelled with a series' name and style. */
    public XyChart tableRow(String label, int style, long[] counts) {
        if (tableTimes == null) {
            throw new IllegalStateException("table row " + label + " before the table's columns");
        }
        if (counts.length != tableTimes.length) {
            throw new IllegalArgumentException("table row " + label + " has " + counts.length + " counts for "
                    + tableTimes.length + " columns");
        }
        rows.add(new TableRow(Objects.requireNonNull(label, "label"), style, counts.clone()));
        return this;
    }

    /** The chart as PNG, {@code width} x {@code height} pixels. Same chart, same bytes. */
    public byte[] png(int width, int height) {
        return Canvas.png(width, height, c -> draw(c, width, height));
    }

    private void draw(Canvas c, int width, int height) {
        Ticks xt = xTicks();
        Ticks yt = yTicks();
        Legend legend = legend();
        double gutter = 0;
        for (Reference r : references) {
            gutter = Math.max(gutter, Canvas.width(r.label(), Layout.FONT_TICK) + 26);
        }
        double left = Layout.valueAxisWidth(yt);
        for (TableRow r : rows) {
            left = Math.max(left, Layout.PAD + Canvas.width(r.label(), Layout.FONT_TABLE) + 90);
        }
        double right = width - Layout.PAD - gutter - (legend.isEmpty() ? 0 : legend.width() + 30);
        double top = Layout.top(title);
        double tableHeight = tableTimes == null ? 0 : (rows.size() + 1) * 36 + 20;
        double bottom = height - Layout.PAD - tableHeight - Layout.FONT_LABEL * 1.3 - 14
                - Layout.FONT_TICK * 1.3 - Layout.TICK - 8;
        if (right - left < 100 || bottom - top < 100) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image leaves no room for the plot");
        }
        Scale sx = new Scale(xt.lo(), xt.hi(), left + Layout.INSET, right - Layout.INSET);
        Scale sy = new Scale(yt.lo(), yt.hi(), bottom - Layout.INSET, top + Layout.INSET);

        Layout.valueAxis(c, yt, sy, yLabel, left, right, top, bottom);
        double[] xs = xt.values();
        int xDecimals = decimals(xt, xs);
        for (double v : xs) {
            double x = sx.px(v);
            c.line(x, top, x, bottom, 1.5f, Canvas.GRID);
            c.line(x, bottom, x, bottom + Layout.TICK, 2f, Canvas.INK);
            c.text(Ticks.format(v, xDecimals), Layout.FONT_TICK, x,
                    bottom + Layout.TICK + 6 + Canvas.ascent(Layout.FONT_TICK), 0.5, Canvas.INK);
        }
        double xLabelBaseline = bottom + Layout.TICK + 14 + Layout.FONT_TICK * 1.3 + Canvas.ascent(Layout.FONT_LABEL);
        c.text(xLabel, Layout.FONT_LABEL, (left + right) / 2, xLabelBaseline, 0.5, Canvas.INK);

        c.g.setClip(new Rectangle((int) Math.floor(left), (int) Math.floor(top),
                (int) Math.ceil(right - left) + 1, (int) Math.ceil(bottom - top) + 1));
        c.g.setColor(Canvas.REFERENCE);
        c.g.setStroke(referenceStroke());
        for (Reference r : references) {
            c.g.draw(new Line2D.Double(left, sy.px(r.y()), right, sy.px(r.y())));
        }
        if (diagonal != null) {
            double lo = Math.max(xt.lo(), yt.lo());
            double hi = Math.min(xt.hi(), yt.hi());
            if (hi > lo) {
                c.g.draw(new Line2D.Double(sx.px(lo), sy.px(lo), sx.px(hi), sy.px(hi)));
            }
        }
        for (Series s : series) {
            drawSeries(c, s, sx, sy, right - left);
        }
        c.g.setClip(null);
        Layout.frame(c, left, right, top, bottom);
        referenceLabels(c, sy, right, top, bottom);
        if (!legend.isEmpty()) {
            legend.draw(c, right + gutter + 30, top);
        }
        if (tableTimes != null) {
            table(c, sx, xLabelBaseline + Layout.FONT_LABEL * 0.5 + 24, xDecimals);
        }
        Layout.title(c, title, left, right);
    }

    private void drawSeries(Canvas c, Series s, Scale sx, Scale sy, double plotWidth) {
        Style style = Style.of(s.style());
        double[] x = s.x();
        double[] y = s.y();
        List<double[]> pieces = s.line() == Series.Line.NONE ? List.of() : pixelPaths(s, x, y, sx, sy);
        c.g.setColor(style.colour());
        c.g.setStroke(style.line(Layout.LINE_WIDTH));
        for (double[] p : pieces) {
            Path2D.Double path = new Path2D.Double();
            path.moveTo(p[0], p[1]);
            for (int i = 2; i < p.length; i += 2) {
                path.lineTo(p[i], p[i + 1]);
            }
            c.g.draw(path);
        }
        if (s.lower() != null) {
            double[] lo = s.lower();
            double[] hi = s.upper();
            for (int i = 0; i < x.length; i++) {
                if (Double.isFinite(x[i]) && Double.isFinite(lo[i]) && Double.isFinite(hi[i])) {
                    whisker(c, style, sx.px(x[i]), sy.px(lo[i]), sy.px(hi[i]));
                }
            }
        }
        boolean onPoints = s.line() == Series.Line.NONE
                || (s.line() == Series.Line.STRAIGHT && x.length <= MARK_EVERY_POINT_UP_TO);
        if (onPoints) {
            for (int i = 0; i < x.length; i++) {
                if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                    c.marker(style, sx.px(x[i]), sy.px(y[i]), Layout.MARKER);
                }
            }
        } else {
            markAlong(c, style, s.style(), pieces, plotWidth / 7);
        }
    }

    /** Pixel polylines (x0, y0, x1, y1...) of the series, split at NaN points; steps expanded to corners. */
    private static List<double[]> pixelPaths(Series s, double[] x, double[] y, Scale sx, Scale sy) {
        List<double[]> pieces = new ArrayList<>();
        double[] buf = new double[4 * x.length + 4];
        int n = 0;
        for (int i = 0; i <= x.length; i++) {
            boolean ok = i < x.length && Double.isFinite(x[i]) && Double.isFinite(y[i]);
            if (!ok) {
                if (n >= 4) {
                    pieces.add(Arrays.copyOf(buf, n));
                }
                n = 0;
                continue;
            }
            double px = sx.px(x[i]);
            double py = sy.px(y[i]);
            if (n > 0 && s.line() == Series.Line.STEPS) {
                double previousY = buf[n - 1];
                buf[n++] = px;
                buf[n++] = previousY;
            }
            buf[n++] = px;
            buf[n++] = py;
        }
        return pieces;
    }

    /** Markers every {@code spacing} pixels along the lines, offset by style so series' markers rarely meet. */
    private static void markAlong(Canvas c, Style style, int index, List<double[]> pieces, double spacing) {
        double offset = spacing * (0.15 + 0.7 * ((index * 0.381966) % 1.0));
        for (double[] p : pieces) {
            double next = offset;
            double walked = 0;
            for (int i = 2; i < p.length; i += 2) {
                double dx = p[i] - p[i - 2];
                double dy = p[i + 1] - p[i - 1];
                double len = Math.hypot(dx, dy);
                while (len > 0 && next <= walked + len) {
                    double t = (next - walked) / len;
                    c.marker(style, p[i - 2] + t * dx, p[i - 1] + t * dy, Layout.MARKER);
                    next += spacing;
                }
                walked += len;
            }
        }
    }

    private static void whisker(Canvas c, Style style, double x, double yLow, double yHigh) {
        c.g.setColor(style.colour());
        c.g.setStroke(new BasicStroke(2.5f));
        c.g.draw(new Line2D.Double(x, yLow, x, yHigh));
        c.g.draw(new Line2D.Double(x - 8, yLow, x + 8, yLow));
        c.g.draw(new Line2D.Double(x - 8, yHigh, x + 8, yHigh));
    }

    /** Labels of the reference lines right of the plot, at their line's height, moved apart where they crowd. */
    private void referenceLabels(Canvas c, Scale sy, double right, double top, double bottom) {
        int n = references.size();
        if (n == 0) {
            return;
        }
        Integer[] order = new Integer[n];
        double[] at = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            at[i] = sy.px(references.get(i).y());
        }
        Arrays.sort(order, (a, b) -> Double.compare(at[a], at[b]));
        double[] wanted = new double[n];
        for (int k = 0; k < n; k++) {
            wanted[k] = at[order[k]];
        }
        double[] placed = spread(wanted, LABEL_GAP, top, bottom);
        for (int k = 0; k < n; k++) {
            Reference r = references.get(order[k]);
            c.line(right, at[order[k]], right + 12, placed[k], 1.5f, Canvas.REFERENCE);
            c.textMiddle(r.label(), Layout.FONT_TICK, right + 16, placed[k], 0, Canvas.REFERENCE);
        }
    }

    /**
     * Label centres for lines at the {@code wanted} heights (ascending): each as near its line as it can be, no two
     * closer than {@code gap}, inside [top, bottom] when there is room (pushed down, then up from the bottom).
     */
    static double[] spread(double[] wanted, double gap, double top, double bottom) {
        int n = wanted.length;
        double[] placed = new double[n];
        for (int k = 0; k < n; k++) {
            placed[k] = k == 0 ? Math.max(wanted[k], top) : Math.max(wanted[k], placed[k - 1] + gap);
        }
        for (int k = n - 1; k >= 0; k--) {
            double limit = k == n - 1 ? bottom : placed[k + 1] - gap;
            placed[k] = Math.min(placed[k], limit);
        }
        return placed;
    }

    private void table(Canvas c, Scale sx, double y, int decimals) {
        c.text(tableTitle, Layout.FONT_TABLE, Layout.PAD, y + Canvas.ascent(Layout.FONT_TABLE), 0, Canvas.INK);
        double rowY = y + 36;
        // room for a five-digit count centred on the first column
        double markerX = sx.px(tableTimes[0]) - 62;
        for (TableRow r : rows) {
            double mid = rowY + 18;
            c.marker(Style.of(r.style()), markerX, mid, Layout.MARKER * 0.9);
            c.textMiddle(r.label(), Layout.FONT_TABLE, markerX - 16, mid, 1, Canvas.INK);
            for (int i = 0; i < tableTimes.length; i++) {
                c.textMiddle(Long.toString(r.counts()[i]), Layout.FONT_TABLE, sx.px(tableTimes[i]), mid, 0.5,
                        Canvas.INK);
            }
            rowY += 36;
        }
    }

    private Legend legend() {
        Legend legend = new Legend();
        for (Series s : series) {
            legend.add(s.name(), Style.of(s.style()));
        }
        if (diagonal != null) {
            legend.add(new Legend.Entry(diagonal, Canvas.REFERENCE, REFERENCE_DASH, null));
        }
        return legend;
    }

    private static BasicStroke referenceStroke() {
        return new BasicStroke(REFERENCE_WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, REFERENCE_DASH,
                0f);
    }

    private Ticks xTicks() {
        double[] xs = new double[0];
        for (Series s : series) {
            xs = Layout.concat(xs, s.x());
        }
        if (tableTimes != null) {
            double lo = tableTimes[0];
            double hi = tableTimes[tableTimes.length - 1];
            for (double v : xs) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            double span = hi > lo ? hi - lo : 1;
            return new Ticks(lo, hi > lo ? hi : lo + span, Ticks.step(span, 6), tableTimes);
        }
        if (xFixed != null) {
            return xWhole ? Ticks.wholeWithin(xFixed[0], xFixed[1], 8) : Ticks.within(xFixed[0], xFixed[1], 8);
        }
        Ticks data = Layout.range(xs, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 8);
        return xWhole ? Ticks.wholeWithin(data.lo(), data.hi(), 8) : data;
    }

    private Ticks yTicks() {
        if (yFixed != null) {
            return Ticks.within(yFixed[0], yFixed[1], 6);
        }
        double[] ys = new double[0];
        for (Series s : series) {
            ys = Layout.concat(ys, s.y(), s.lower(), s.upper());
        }
        for (Reference r : references) {
            ys = Layout.concat(ys, new double[] {r.y()});
        }
        return Layout.range(ys, yLimitLo, yLimitHi, 6);
    }

    /** One number of decimals for all x tick labels: enough for the finest given value. */
    private static int decimals(Ticks ticks, double[] values) {
        int d = Ticks.decimals(ticks.step());
        for (double v : values) {
            d = Math.max(d, Math.min(3, Ticks.decimals(v)));
        }
        return d;
    }

    private static double[] checkedRange(String what, double lo, double hi) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(hi > lo)) {
            throw new IllegalArgumentException(what + " range must be finite with hi > lo, got " + lo + ".." + hi);
        }
        return new double[] {lo, hi};
    }
}
