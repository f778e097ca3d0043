package org.fedhaem.report.chart;

import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/** Marker shapes, each centred on its data point; all filled, so they differ by outline alone. */
enum Marker {
    CIRCLE, SQUARE, TRIANGLE_UP, DIAMOND, TRIANGLE_DOWN, CROSS, PLUS;

    /** The marker of about {@code size} pixels across, centred on (x, y). */
    Shape at(double x, double y, double size) {
        double r = size / 2;
        return switch (this) {
            case CIRCLE -> new Ellipse2D.Double(x - r, y - r, size, size);
            case SQUARE -> new Rectangle2D.Double(x - r * 0.9, y - r * 0.9, size * 0.9, size * 0.9);
            case TRIANGLE_UP -> polygon(x, y, new double[] {0, -1.15 * r, 1.1 * r, 0.8 * r, -1.1 * r, 0.8 * r});
            case TRIANGLE_DOWN -> polygon(x, y, new double[] {0, 1.15 * r, 1.1 * r, -0.8 * r, -1.1 * r, -0.8 * r});
            case DIAMOND -> polygon(x, y, new double[] {0, -1.2 * r, 1.0 * r, 0, 0, 1.2 * r, -1.0 * r, 0});
            case CROSS -> cross(x, y, r, true);
            case PLUS -> cross(x, y, r, false);
        };
    }

    private static Shape polygon(double x, double y, double[] offsets) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(x + offsets[0], y + offsets[1]);
        for (int i = 2; i < offsets.length; i += 2) {
            p.lineTo(x + offsets[i], y + offsets[i + 1]);
        }
        p.closePath();
        return p;
    }

    /** A thick X or + as one filled outline, so it reads as a solid mark like the others. */
    private static Shape cross(double x, double y, double r, boolean diagonal) {
        double a = r * 1.1;
        double t = r * 0.32;
        double[] plus = {-t, -a, t, -a, t, -t, a, -t, a, t, t, t, t, a, -t, a, -t, t, -a, t, -a, -t, -t, -t};
        double c = diagonal ? Math.cos(Math.PI / 4) : 1;
        double s = diagonal ? Math.sin(Math.PI / 4) : 0;
        double[] turned = new double[plus.length];
        for (int i = 0; i < plus.length; i += 2) {
            turned[i] = plus[i] * c - plus[i + 1] * s;
            turned[i + 1] = plus[i] * s + plus[i + 1] * c;
        }
        return polygon(x, y, turned);
    }
}
