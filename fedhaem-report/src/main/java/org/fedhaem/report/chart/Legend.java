package org.fedhaem.report.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.List;

/** The legend, drawn beside the plot area (never over the data): a line sample with its marker, then the name. */
final class Legend {

    /** One row: a dashed line sample in {@code colour}, with {@code marker} on it unless null. */
    record Entry(String label, Color colour, float[] dash, Marker marker) {
    }

    static final double SIZE = Layout.FONT_LEGEND;
    private static final double SAMPLE = 66;
    private static final double GAP = 14;
    private static final double ROW = 40;

    private final List<Entry> entries = new ArrayList<>();

    void add(String label, Style style) {
        entries.add(new Entry(label, style.colour(), style.dash(), style.marker()));
    }

    void add(Entry entry) {
        entries.add(entry);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    double width() {
        double text = 0;
        for (Entry e : entries) {
            text = Math.max(text, Canvas.width(e.label(), SIZE));
        }
        return entries.isEmpty() ? 0 : SAMPLE + GAP + text;
    }

    /** Draws the rows from the top-left corner (x, y). */
    void draw(Canvas c, double x, double y) {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            double mid = y + ROW * (i + 0.5);
            c.g.setColor(e.colour());
            c.g.setStroke(e.dash() == null ? new BasicStroke(Layout.LINE_WIDTH)
                    : new BasicStroke(Layout.LINE_WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                            e.dash(), 0f));
            c.g.draw(new Line2D.Double(x, mid, x + SAMPLE, mid));
            if (e.marker() != null) {
                c.marker(new Style(e.colour(), e.marker(), e.dash()), x + SAMPLE / 2, mid, Layout.MARKER);
            }
            c.textMiddle(e.label(), SIZE, x + SAMPLE + GAP, mid, 0, Canvas.INK);
        }
    }
}
