package org.fedhaem.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The synthetic MDS cohort's parameters, read from {@code mds-synthetic.json} beside this class: per column a
 * marginal, the correlation of the columns' latent normal scores (a Gaussian copula), and a linear Cox model with a
 * piecewise-exponential baseline and censoring distribution. All are aggregate statistics of the real cohort.
 */
record MdsParameters(List<Marginal> columns, double[][] correlation, double[] coefficients,
                     PiecewiseHazard baseline, PiecewiseHazard censoring) {
    static final String RESOURCE = "mds-synthetic.json";

    MdsParameters {
        columns = List.copyOf(columns);
        int p = columns.size();
        if (correlation.length != p || coefficients.length != p) {
            throw new IllegalArgumentException(RESOURCE + ": " + p + " columns but a " + correlation.length
                    + "-row correlation matrix and " + coefficients.length + " coefficients");
        }
        for (int i = 0; i < p; i++) {
            if (correlation[i].length != p || correlation[i][i] != 1) {
                throw new IllegalArgumentException(RESOURCE + ": correlation row " + i + " must have " + p
                        + " values and 1 on the diagonal");
            }
        }
    }

    /** One column's marginal distribution and missing rate. */
    sealed interface Marginal permits Binary, Continuous {
        String name();

        double missing();

        /** The column's value for a standard-normal latent score {@code z}. */
        double value(double z);
    }

    /** A 0/1 column: 1 when the latent score exceeds the normal quantile at {@code 1 - frequency}. */
    record Binary(String name, double missing, double frequency) implements Marginal {
        Binary {
            checkRate(name, "missing", missing);
            checkRate(name, "frequency", frequency);
        }

        @Override
        public double value(double z) {
            return StandardNormal.cdf(-z) < frequency ? 1 : 0;
        }
    }

    /**
     * A continuous column given by its 1st..99th percentiles (linear between them); below the 1st percentile a
     * uniform tail and above the 99th an exponential tail, each with the mean of the real cohort's lowest or highest
     * 1 % of values; rounded to the source's {@code decimals} and kept at or above the measurement's lower bound.
     */
    record Continuous(String name, double missing, int decimals, double lowerBound, double lowerTailMean,
                      double upperTailMean, double[] percentiles) implements Marginal {
        Continuous {
            checkRate(name, "missing", missing);
            if (percentiles.length != 99) {
                throw new IllegalArgumentException(RESOURCE + ": column " + name + " needs 99 percentiles, got "
                        + percentiles.length);
            }
            for (int k = 1; k < percentiles.length; k++) {
                if (!(percentiles[k] >= percentiles[k - 1])) {
                    throw new IllegalArgumentException(RESOURCE + ": column " + name
                            + " percentiles must not decrease, got " + percentiles[k - 1] + " then " + percentiles[k]);
                }
            }
            if (!(lowerTailMean <= percentiles[0]) || !(upperTailMean >= percentiles[98])
                    || !(lowerBound <= lowerTailMean) || decimals < 0) {
                throw new IllegalArgumentException(RESOURCE + ": column " + name + " has inconsistent tails: lower "
                        + "bound " + lowerBound + ", tail means " + lowerTailMean + " and " + upperTailMean
                        + ", decimals " + decimals);
            }
            percentiles = percentiles.clone();
        }

        @Override
        public double value(double z) {
            double v;
            double below = StandardNormal.cdf(z);
            double above = StandardNormal.cdf(-z);
            if (below < 0.01) {
                // Uniform on [a, q1] with mean lowerTailMean, a clipped at the lower bound.
                double a = Math.max(lowerBound, 2 * lowerTailMean - percentiles[0]);
                v = a + (percentiles[0] - a) * below / 0.01;
            } else if (above < 0.01) {
                double scale = upperTailMean - percentiles[98];
                v = percentiles[98] - scale * Math.log(above / 0.01);
            } else {
                double position = below * 100;
                int k = Math.min((int) position, 98);
                v = percentiles[k - 1] + (position - k) * (percentiles[k] - percentiles[k - 1]);
            }
            double unit = Math.pow(10, decimals);
            return Math.max(lowerBound, Math.round(v * unit) / unit);
        }
    }

    private static void checkRate(String name, String what, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(RESOURCE + ": column " + name + " " + what + " must be in [0, 1], got "
                    + rate);
        }
    }

    /** The parameters shipped with fedhaem. */
    static MdsParameters load() {
        try (InputStream in = MdsParameters.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + ": " + e.getMessage(), e);
        }
    }

    static MdsParameters parse(JsonNode root) {
        List<Marginal> columns = new ArrayList<>();
        for (JsonNode c : required(root, "columns")) {
            String name = required(c, "name").asText();
            String kind = required(c, "kind").asText();
            double missing = required(c, "missing").asDouble();
            columns.add(switch (kind) {
                case "binary" -> new Binary(name, missing, required(c, "frequency").asDouble());
                case "continuous" -> new Continuous(name, missing, required(c, "decimals").asInt(),
                        required(c, "lower_bound").asDouble(), required(c, "lower_tail_mean").asDouble(),
                        required(c, "upper_tail_mean").asDouble(), doubles(required(c, "percentiles")));
                default -> throw new IllegalArgumentException(RESOURCE + ": column " + name
                        + " has kind '" + kind + "', expected binary or continuous");
            });
        }
        JsonNode rows = required(root, "correlation");
        double[][] correlation = new double[rows.size()][];
        for (int i = 0; i < correlation.length; i++) {
            correlation[i] = doubles(rows.get(i));
        }
        JsonNode survival = required(root, "survival");
        return new MdsParameters(columns, correlation, doubles(required(survival, "coefficients")),
                hazard(required(survival, "baseline"), false), hazard(required(survival, "censoring"), true));
    }

    private static PiecewiseHazard hazard(JsonNode node, boolean endsAtLastKnot) {
        return new PiecewiseHazard(doubles(required(node, "time")), doubles(required(node, "cumulative_hazard")),
                endsAtLastKnot);
    }

    private static JsonNode required(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(RESOURCE + ": missing key '" + key + "'");
        }
        return v;
    }

    private static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }
}
