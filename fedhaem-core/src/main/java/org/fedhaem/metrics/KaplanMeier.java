package org.fedhaem.metrics;

import java.util.Arrays;

/**
 * The Kaplan-Meier estimate as R {@code survfit(Surv(time, event) ~ 1)} gives it: one step per distinct observed
 * time, with everyone whose time is &gt;= t at risk at t (so a patient censored at an event time is still at risk).
 */
public record KaplanMeier(double[] time, double[] survival, int[] atRisk, int[] events, int[] censored) {

    public KaplanMeier {
        int m = time.length;
        if (survival.length != m || atRisk.length != m || events.length != m || censored.length != m) {
            throw new IllegalArgumentException("Kaplan-Meier arrays differ in length: time " + m + ", survival "
                    + survival.length + ", atRisk " + atRisk.length + ", events " + events.length + ", censored "
                    + censored.length);
        }
        time = time.clone();
        survival = survival.clone();
        atRisk = atRisk.clone();
        events = events.clone();
        censored = censored.clone();
    }

    /** The survival curve of (time, event). */
    public static KaplanMeier fit(double[] time, boolean[] event) {
        Checks.survival(time, event);
        Ranks ranks = Ranks.of(time);
        int m = ranks.distinct().length;
        int[] events = new int[m];
        int[] censored = new int[m];
        for (int i = 0; i < time.length; i++) {
            if (event[i]) {
                events[ranks.rank()[i]]++;
            } else {
                censored[ranks.rank()[i]]++;
            }
        }
        int[] atRisk = new int[m];
        double[] survival = new double[m];
        int remaining = time.length;
        double s = 1;
        for (int k = 0; k < m; k++) {
            atRisk[k] = remaining;
            s = s * (remaining - events[k]) / remaining;
            survival[k] = s;
            remaining -= events[k] + censored[k];
        }
        return new KaplanMeier(ranks.distinct(), survival, atRisk, events, censored);
    }

    /** The censoring distribution G: Kaplan-Meier of (time, not event), censorings being its "events". */
    public static KaplanMeier censoring(double[] time, boolean[] event) {
        Checks.survival(time, event);
        boolean[] censoredFlag = new boolean[event.length];
        for (int i = 0; i < event.length; i++) {
            censoredFlag[i] = !event[i];
        }
        return fit(time, censoredFlag);
    }

    /** S(t), right-continuous: the step at t is included; 1 before the first time. */
    public double at(double t) {
        int k = countAtOrBefore(t);
        return k == 0 ? 1.0 : survival[k - 1];
    }

    /** S(t-), the left limit: the step at t is not yet included. */
    public double before(double t) {
        int k = countBefore(t);
        return k == 0 ? 1.0 : survival[k - 1];
    }

    /** The number at risk at t: patients whose time is &gt;= t (R {@code summary(fit, times = t)$n.risk}). */
    public int atRiskAt(double t) {
        if (Double.isNaN(t)) {
            throw new IllegalArgumentException("t is NaN");
        }
        int k = countBefore(t);
        return k == time.length ? 0 : atRisk[k];
    }

    private int countAtOrBefore(double t) {
        int i = Arrays.binarySearch(time, t + 0.0);
        return i >= 0 ? i + 1 : -i - 1;
    }

    private int countBefore(double t) {
        int i = Arrays.binarySearch(time, t + 0.0);
        return i >= 0 ? i : -i - 1;
    }

    @Override
    public double[] time() {
        return time.clone();
    }

    @Override
    public double[] survival() {
        return survival.clone();
    }

    @Override
    public int[] atRisk() {
        return atRisk.clone();
    }

    @Override
    public int[] events() {
        return events.clone();
    }

    @Override
    public int[] censored() {
        return censored.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KaplanMeier k && Arrays.equals(time, k.time) && Arrays.equals(survival, k.survival)
                && Arrays.equals(atRisk, k.atRisk) && Arrays.equals(events, k.events)
                && Arrays.equals(censored, k.censored);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(time) * 31 + Arrays.hashCode(survival);
    }

    @Override
    public String toString() {
        return "KaplanMeier[" + time.length + " times]";
    }
}
