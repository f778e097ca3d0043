package org.fedhaem.report.chart;

import java.util.Objects;

/**
 * One data series of an {@link XyChart}: points (x, y) joined as {@code line} says, optionally with a vertical
 * interval [lower, upper] per point (null when there are none). A NaN y leaves a gap. {@code style} picks the
 * marker, dash and colour: give a model the same style in every chart.
 */
public record Series(String name, int style, Line line, double[] x, double[] y, double[] lower, double[] upper) {

    /** How consecutive points are joined. */
    public enum Line {
        /** straight segments; markers on the points when there are few. */
        STRAIGHT,
        /** a right-continuous step function (Kaplan-Meier). */
        STEPS,
        /** markers only. */
        NONE
    }

    public Series {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(line, "line");
        if (style < 0) {
            throw new IllegalArgumentException("series " + name + ": style must be >= 0, got " + style);
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("series " + name + ": " + x.length + " x values but " + y.length
                    + " y values");
        }
        if ((lower == null) != (upper == null)) {
            throw new IllegalArgumentException("series " + name + ": give both interval ends or neither");
        }
        if (lower != null && (lower.length != x.length || upper.length != x.length)) {
            throw new IllegalArgumentException("series " + name + ": intervals have " + lower.length + " and "
                    + upper.length + " ends for " + x.length + " points");
        }
        x = x.clone();
        y = y.clone();
        lower = lower == null ? null : lower.clone();
        upper = upper == null ? null : upper.clone();
    }

    public static Series line(String name, int style, double[] x, double[] y) {
        return new Series(name, style, Line.STRAIGHT, x, y, null, null);
    }

    public static Series steps(String name, int style, double[] x, double[] y) {
        return new Series(name, style, Line.STEPS, x, y, null, null);
    }

    /** Markers with vertical intervals, not joined. */
    public static Series points(String name, int style, double[] x, double[] y, double[] lower, double[] upper) {
        return new Series(name, style, Line.NONE, x, y, lower, upper);
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    @Override
    public double[] lower() {
        return lower == null ? null : lower.clone();
    }

    @Override
    public double[] upper() {
        return upper == null ? null : upper.clone();
    }
}
