package org.fedhaem.report.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;

/**
 * How series number {@code index} looks: marker shape AND dash pattern tell series apart in black and white, the
 * colour (Okabe-Ito, colour-blind safe; yellow left out, too pale on white) is extra. The first seven styles differ
 * in all three; later ones shift the dash cycle so no two of the first 49 look the same.
 */
record Style(Color colour, Marker marker, float[] dash) {

    private static final Color[] COLOURS = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000)};
    private static final float[][] DASHES = {
        null, {22f, 10f}, {5f, 8f}, {24f, 8f, 5f, 8f}, {44f, 12f}, {12f, 6f, 4f, 6f, 4f, 6f}, {9f, 5f}};

    static Style of(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("style index must be >= 0, got " + index);
        }
        Marker[] markers = Marker.values();
        return new Style(COLOURS[index % COLOURS.length], markers[index % markers.length],
                DASHES[(index + index / DASHES.length) % DASHES.length]);
    }

    Stroke line(float width) {
        return dash == null ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND)
                : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
    }
}
