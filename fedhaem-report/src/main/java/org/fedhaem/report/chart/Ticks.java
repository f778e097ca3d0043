package org.fedhaem.report.chart;

import java.util.Locale;

/** Axis ticks at "nice" steps (1, 2, 2.5 or 5 times a power of ten) and their labels. */
record Ticks(double lo, double hi, double step, double[] values) {

    private static final double[] NICE = {1, 2, 2.5, 5, 10};
    private static final double EPS = 1e-9;

    Ticks {
        values = values.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** Ticks for data in [lo, hi], the range widened to whole steps, about {@code target} intervals. */
    static Ticks covering(double lo, double hi, int target) {
        double[] r = nonEmpty(lo, hi);
        double step = step(r[1] - r[0], target);
        double a = Math.floor(r[0] / step + EPS) * step;
        double b = Math.ceil(r[1] / step - EPS) * step;
        return new Ticks(a, b, step, between(a, b, step));
    }

    /** Ticks at whole numbers only (e.g. rounds) inside [lo, hi], about {@code target} intervals. */
    static Ticks wholeWithin(double lo, double hi, int target) {
        double[] r = nonEmpty(lo, hi);
        double step = step(r[1] - r[0], target);
        step = step <= 1 ? 1 : step == 2.5 ? 2 : step;
        return new Ticks(r[0], r[1], step, between(r[0], r[1], step));
    }

    /** Ticks inside the fixed range [lo, hi], about {@code target} intervals. */
    static Ticks within(double lo, double hi, int target) {
        double[] r = nonEmpty(lo, hi);
        double step = step(r[1] - r[0], target);
        return new Ticks(r[0], r[1], step, between(r[0], r[1], step));
    }

    /** The label of a tick value: as many decimals as the step needs, no more. */
    String label(double v) {
        return format(v, decimals(step));
    }

    static String format(double v, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
    }

    /** The fewest decimals (at most 6) that show {@code v} exactly to 1e-6 of its size. */
    static int decimals(double v) {
        for (int d = 0; d < 6; d++) {
            double scaled = Math.abs(v) * Math.pow(10, d);
            if (Math.abs(scaled - Math.rint(scaled)) < 1e-6 * Math.max(1, scaled)) {
                return d;
            }
        }
        return 6;
    }

    static double step(double span, int target) {
        if (!(span > 0) || target < 1) {
            throw new IllegalArgumentException("ticks need a positive span and target, got " + span + ", " + target);
        }
        double raw = span / target;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double n : NICE) {
            if (n * magnitude >= raw * (1 - EPS)) {
                return n * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static double[] between(double lo, double hi, double step) {
        long first = (long) Math.ceil(lo / step - EPS);
        long last = (long) Math.floor(hi / step + EPS);
        double[] v = new double[(int) Math.max(0, last - first + 1)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (first + i) * step;
        }
        return v;
    }

    /** A degenerate range (one value) becomes a small one around it, so an axis can still be drawn. */
    private static double[] nonEmpty(double lo, double hi) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || hi < lo) {
            throw new IllegalArgumentException("ticks need a finite range lo <= hi, got " + lo + ".." + hi);
        }
        if (hi > lo) {
            return new double[] {lo, hi};
        }
        double half = lo == 0 ? 0.5 : Math.abs(lo) * 0.05;
        return new double[] {lo - half, hi + half};
    }
}
