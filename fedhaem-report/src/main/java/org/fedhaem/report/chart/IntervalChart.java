package org.fedhaem.report.chart;

import java.awt.BasicStroke;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A dot-and-interval chart: categories along x (e.g. pooled, site1, site2), and per category one dot (the mean) with
 * an interval whisker per series, the series side by side. A NaN mean draws nothing; an interval cut at the value
 * range ends in an arrow head.
 */
public final class IntervalChart {

    private record Row(String name, int style, double[] mean, double[] low, double[] high) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<String> categories;
    private final List<Row> rows = new ArrayList<>();
    private double limitLo = Double.NEGATIVE_INFINITY;
    private double limitHi = Double.POSITIVE_INFINITY;

    public IntervalChart(String title, String xLabel, String yLabel, List<String> categories) {
        this.title = title;
        this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
        this.yLabel = Objects.requireNonNull(yLabel, "yLabel");
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("a dot-and-interval chart needs at least one category");
        }
        this.categories = List.copyOf(categories);
    }

    /** The data's value range, but never beyond these bounds (e.g. 0 and 1 for a proportion). */
    public IntervalChart limits(double lo, double hi) {
        if (!(hi > lo)) {
            throw new IllegalArgumentException("limits need hi > lo, got " + lo + ".." + hi);
        }
        limitLo = lo;
        limitHi = hi;
        return this;
    }

    /** One series: per category its mean and interval ends (NaN where undefined). */
    public IntervalChart series(String name, int style, double[] mean, double[] low, double[] high) {
        int n = categories.size();
        if (mean.length != n || low.length != n || high.length != n) {
            throw new IllegalArgumentException("series " + name + " needs " + n + " means and interval ends, got "
                    + mean.length + ", " + low.length + ", " + high.length);
        }
        if (style < 0) {
            throw new IllegalArgumentException("series " + name + ": style must be >= 0, got " + style);
        }
        rows.add(new Row(Objects.requireNonNull(name, "name"), style, mean.clone(), low.clone(), high.clone()));
        return this;
    }

    /** The chart as PNG, {@code width} x {@code height} pixels. Same chart, same bytes. */
    public byte[] png(int width, int height) {
        return Canvas.png(width, height, c -> draw(c, width, height));
    }

    private void draw(Canvas c, int width, int height) {
        double[] values = new double[0];
        Legend legend = new Legend();
        for (Row r : rows) {
            values = Layout.concat(values, r.mean(), r.low(), r.high());
            legend.add(r.name(), Style.of(r.style()));
        }
        Ticks yt = Layout.range(values, limitLo, limitHi, 6);
        double left = Layout.valueAxisWidth(yt);
        double right = width - Layout.PAD - (legend.isEmpty() ? 0 : legend.width() + 30);
        double top = Layout.top(title);
        double bottom = height - Layout.PAD - Layout.FONT_LABEL * 1.3 - 14 - Layout.FONT_TICK * 1.3 - Layout.TICK - 8;
        if (right - left < 100 || bottom - top < 100) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image leaves no room for the plot");
        }
        Scale sy = new Scale(yt.lo(), yt.hi(), bottom - Layout.INSET, top + Layout.INSET);
        Layout.valueAxis(c, yt, sy, yLabel, left, right, top, bottom);

        int k = categories.size();
        double band = (right - left) / k;
        for (int i = 1; i < k; i++) {
            c.line(left + band * i, top, left + band * i, bottom, 1.5f, Canvas.GRID);
        }
        for (int i = 0; i < k; i++) {
            double x = left + band * (i + 0.5);
            c.text(categories.get(i), Layout.FONT_TICK, x, bottom + Layout.TICK + 6 + Canvas.ascent(Layout.FONT_TICK),
                    0.5, Canvas.INK);
        }
        c.text(xLabel, Layout.FONT_LABEL, (left + right) / 2,
                bottom + Layout.TICK + 14 + Layout.FONT_TICK * 1.3 + Canvas.ascent(Layout.FONT_LABEL), 0.5, Canvas.INK);

        int m = rows.size();
        double spread = Math.min(band * 0.75, m * 40.0);
        for (int j = 0; j < m; j++) {
            Row r = rows.get(j);
            Style style = Style.of(r.style());
            for (int i = 0; i < k; i++) {
                if (!Double.isFinite(r.mean()[i])) {
                    continue;
                }
                double x = left + band * (i + 0.5) - spread / 2 + spread * (j + 0.5) / m;
                if (Double.isFinite(r.low()[i]) && Double.isFinite(r.high()[i])) {
                    interval(c, style, x, sy, yt, r.low()[i], r.high()[i]);
                }
                c.marker(style, x, sy.px(r.mean()[i]), Layout.MARKER);
            }
        }
        Layout.frame(c, left, right, top, bottom);
        if (!legend.isEmpty()) {
            legend.draw(c, right + 30, top);
        }
        Layout.title(c, title, left, right);
    }

    /** The whisker in the series' dash pattern, capped, or with an arrow head where it leaves the range. */
    private static void interval(Canvas c, Style style, double x, Scale sy, Ticks yt, double low, double high) {
        boolean cutLow = low < yt.lo();
        boolean cutHigh = high > yt.hi();
        double yLow = sy.px(Math.max(low, yt.lo()));
        double yHigh = sy.px(Math.min(high, yt.hi()));
        c.g.setColor(style.colour());
        c.g.setStroke(style.line(Layout.LINE_WIDTH));
        c.g.draw(new Line2D.Double(x, yLow, x, yHigh));
        c.g.setStroke(new BasicStroke(2.5f));
        if (cutLow) {
            c.g.fill(arrow(x, yLow, 1));
        } else {
            c.g.draw(new Line2D.Double(x - 8, yLow, x + 8, yLow));
        }
        if (cutHigh) {
            c.g.fill(arrow(x, yHigh, -1));
        } else {
            c.g.draw(new Line2D.Double(x - 8, yHigh, x + 8, yHigh));
        }
    }

    /** An arrow head with its tip at (x, y), pointing down ({@code direction} 1) or up (-1). */
    private static Path2D arrow(double x, double y, int direction) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(x, y);
        p.lineTo(x - 8, y - direction * 14);
        p.lineTo(x + 8, y - direction * 14);
        p.closePath();
        return p;
    }
}
