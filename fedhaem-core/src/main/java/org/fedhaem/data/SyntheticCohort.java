package org.fedhaem.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fedhaem.random.Seeds;

/**
 * Seeded synthetic cohorts with a known model, for model tests and benchmarks. Features {@code x1..xp} are
 * independent standard normal; each random stream comes from {@link Seeds} with its own purpose, so the features of
 * a seed do not change when the outcome parameters do.
 */
public final class SyntheticCohort {
    private SyntheticCohort() {
    }

    /**
     * Survival times from a linear Cox model with a Weibull baseline: cumulative hazard
     * {@code H(t | x) = lambda * t^shape * exp(x'beta)} (shape 1 = exponential), drawn by inversion
     * {@code T = (-log U / (lambda exp(x'beta)))^(1/shape)}; censoring times independent exponential with rate
     * {@code censoringRate} (0 = no censoring), observed time {@code min(T, C)}, event {@code T <= C}.
     */
    public static Design survival(int n, double[] beta, double shape, double lambda, double censoringRate,
                                  long seed) {
        checkSize(n, beta);
        if (!(shape > 0) || !(lambda > 0) || Double.isInfinite(shape) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("shape and lambda must be finite and > 0, got " + shape + ", " + lambda);
        }
        if (!(censoringRate >= 0) || Double.isInfinite(censoringRate)) {
            throw new IllegalArgumentException("censoring rate must be finite and >= 0, got " + censoringRate);
        }
        double[][] x = features(n, beta.length, seed);
        SplittableRandom eventRandom = Seeds.random(seed, "synthetic-event-time");
        SplittableRandom censorRandom = Seeds.random(seed, "synthetic-censoring");
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        for (int i = 0; i < n; i++) {
            double e = -Math.log1p(-eventRandom.nextDouble());
            double t = Math.pow(e / (lambda * Math.exp(dot(x[i], beta))), 1 / shape);
            double c = censoringRate > 0 ? -Math.log1p(-censorRandom.nextDouble()) / censoringRate
                    : Double.POSITIVE_INFINITY;
            time[i] = Math.min(t, c);
            event[i] = t <= c;
        }
        return new Design(names(beta.length), x, new Outcome.Survival(time, event));
    }

    /** Labels from a logistic model: {@code P(label = 1 | x) = 1 / (1 + exp(-(intercept + x'beta)))}. */
    public static Design binary(int n, double[] beta, double intercept, long seed) {
        checkSize(n, beta);
        if (!Double.isFinite(intercept)) {
            throw new IllegalArgumentException("intercept must be finite, got " + intercept);
        }
        double[][] x = features(n, beta.length, seed);
        SplittableRandom random = Seeds.random(seed, "synthetic-label");
        boolean[] label = new boolean[n];
        for (int i = 0; i < n; i++) {
            double p = 1 / (1 + Math.exp(-(intercept + dot(x[i], beta))));
            label[i] = random.nextDouble() < p;
        }
        return new Design(names(beta.length), x, new Outcome.Binary(label));
    }

    /** The cohort as a table (features, then {@code time,event} or {@code label}), e.g. to run it through a pipeline. */
    public static Table toTable(Design design, String name) {
        List<String> columns = new ArrayList<>(design.features());
        List<double[]> values = new ArrayList<>();
        for (int j = 0; j < design.columns(); j++) {
            double[] col = new double[design.rows()];
            for (int i = 0; i < col.length; i++) {
                col[i] = design.x()[i][j];
            }
            values.add(col);
        }
        if (design.outcome() instanceof Outcome.Survival s) {
            columns.add("time");
            columns.add("event");
            values.add(s.time().clone());
            values.add(flags(s.event()));
        } else {
            columns.add("label");
            values.add(flags(design.binary().label()));
        }
        return Table.ofNumeric(Path.of(name), columns, values);
    }

    private static double[] flags(boolean[] b) {
        double[] out = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] ? 1 : 0;
        }
        return out;
    }

    private static double[][] features(int n, int p, long seed) {
        SplittableRandom random = Seeds.random(seed, "synthetic-features");
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                x[i][j] = random.nextGaussian();
            }
        }
        return x;
    }

    private static List<String> names(int p) {
        List<String> names = new ArrayList<>(p);
        for (int j = 1; j <= p; j++) {
            names.add("x" + j);
        }
        return names;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    private static void checkSize(int n, double[] beta) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        for (double b : beta) {
            if (!Double.isFinite(b)) {
                throw new IllegalArgumentException("coefficients must be finite, got " + java.util.Arrays.toString(beta));
            }
        }
    }
}
