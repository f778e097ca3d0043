package org.fedhaem.data;

import java.util.Arrays;

/**
 * A cumulative hazard that is linear between knots (a piecewise-constant hazard) and 0 at time 0, for drawing
 * times by inversion: {@code T = H^-1(E)} with {@code E ~ Exp(1)}. Beyond the last knot the hazard either stays at
 * the last segment's rate or, for a censoring distribution with an end of follow-up, everyone left is censored at
 * the last knot.
 */
record PiecewiseHazard(double[] time, double[] cumulativeHazard, boolean endsAtLastKnot) {
    PiecewiseHazard {
        if (time.length != cumulativeHazard.length || time.length < 2) {
            throw new IllegalArgumentException("need >= 2 knots with one cumulative hazard each, got " + time.length
                    + " times and " + cumulativeHazard.length + " values");
        }
        double t0 = 0;
        double h0 = 0;
        for (int k = 0; k < time.length; k++) {
            if (!(time[k] > t0) || !Double.isFinite(time[k])) {
                throw new IllegalArgumentException("knot times must be finite and increase from 0, got "
                        + Arrays.toString(time));
            }
            if (!(cumulativeHazard[k] >= h0) || !Double.isFinite(cumulativeHazard[k])) {
                throw new IllegalArgumentException("cumulative hazards must be finite and non-decreasing from 0, got "
                        + Arrays.toString(cumulativeHazard));
            }
            t0 = time[k];
            h0 = cumulativeHazard[k];
        }
        int last = time.length - 1;
        if (!endsAtLastKnot && !(cumulativeHazard[last] > cumulativeHazard[last - 1])) {
            throw new IllegalArgumentException("the last segment must have a positive hazard to extend beyond it, got "
                    + Arrays.toString(cumulativeHazard));
        }
        time = time.clone();
        cumulativeHazard = cumulativeHazard.clone();
    }

    /** The time at which the cumulative hazard reaches {@code h >= 0}. */
    double inverse(double h) {
        double tPrev = 0;
        double hPrev = 0;
        for (int k = 0; k < time.length; k++) {
            if (h <= cumulativeHazard[k] && cumulativeHazard[k] > hPrev) {
                return tPrev + (h - hPrev) * (time[k] - tPrev) / (cumulativeHazard[k] - hPrev);
            }
            tPrev = time[k];
            hPrev = cumulativeHazard[k];
        }
        int last = time.length - 1;
        if (endsAtLastKnot) {
            return time[last];
        }
        double rate = (cumulativeHazard[last] - cumulativeHazard[last - 1]) / (time[last] - time[last - 1]);
        return time[last] + (h - cumulativeHazard[last]) / rate;
    }
}
