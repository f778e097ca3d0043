package org.fedhaem.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.fedhaem.report.chart.IntervalChart;

/** The seed study's comparison: per metric with a pooled figure, every regime on pooled and each site's test set. */
final class Comparison {

    private Comparison() {
    }

    static List<Figure> figures(Run run) {
        List<Figure> out = new ArrayList<>();
        for (String metric : metrics(run)) {
            out.add(figure(run, metric));
        }
        return out;
    }

    /** Metrics with a pooled row, the main metric first. */
    private static List<String> metrics(Run run) {
        Set<String> found = new LinkedHashSet<>();
        for (JsonNode row : run.results.path("summary")) {
            if ("pooled".equals(row.path("test").asText())) {
                found.add(row.path("metric").asText());
            }
        }
        List<String> ordered = new ArrayList<>();
        if (found.remove(run.mainMetric)) {
            ordered.add(run.mainMetric);
        }
        ordered.addAll(found);
        return ordered;
    }

    private static Figure figure(Run run, String metric) {
        List<String> categories = new ArrayList<>();
        categories.add("pooled");
        categories.addAll(run.sites);
        IntervalChart chart = new IntervalChart(Run.metricName(metric) + " by test set", "Test set",
                Run.metricName(metric), categories).limits(0, 1);
        List<String> missing = new ArrayList<>();
        List<String> partial = new ArrayList<>();
        boolean isolated = false;
        boolean cut = false;
        for (String[] model : models(run)) {
            String regime = model[0];
            String strategy = model[1];
            double[][] v = new double[3][categories.size()];
            for (double[] a : v) {
                Arrays.fill(a, Double.NaN);
            }
            boolean any = false;
            for (int i = 0; i < categories.size(); i++) {
                String test = categories.get(i);
                String trainedOn = regime.equals("isolated") ? test : "all";
                if (regime.equals("isolated") && test.equals("pooled")) {
                    continue;
                }
                JsonNode row = find(run, regime, strategy, trainedOn, test, metric);
                if (row == null) {
                    continue;
                }
                any = true;
                v[0][i] = Run.number(row.get("mean"));
                v[1][i] = Run.number(row.get("ci_low"));
                v[2][i] = Run.number(row.get("ci_high"));
                cut |= v[1][i] < 0 || v[2][i] > 1;
                String who = Run.model(regime, strategy, trainedOn) + " on " + test;
                int undefined = row.path("undefined").asInt(0);
                if (Double.isNaN(v[0][i])) {
                    missing.add(who + " (undefined in " + undefined + " of " + run.overRepeats()
                            + reason(run, regime, strategy, trainedOn, test, metric) + ")");
                } else if (undefined > 0) {
                    partial.add(who + " (" + row.path("n").asInt() + " of " + run.overRepeats() + " defined)");
                }
            }
            if (any) {
                isolated |= regime.equals("isolated");
                String name = regime.equals("isolated") ? "isolated (own site)" : Run.model(regime, strategy, "all");
                chart.series(name, run.style(regime, strategy), v[0], v[1], v[2]);
            }
        }
        StringBuilder caption = new StringBuilder(Run.metricName(metric))
                .append(" on each site's test set and pooled (").append(Run.pooledHow(metric))
                .append("); mean and 95 % t-interval over ").append(run.overRepeats()).append('.');
        if (isolated) {
            caption.append(" Isolated: each site's own model on its own test set (so no pooled value).");
        }
        if (cut) {
            caption.append(" Intervals reaching past 0 or 1 are cut there (arrow heads).");
        }
        if (!missing.isEmpty()) {
            caption.append(" Not drawn, undefined: ").append(String.join("; ", missing)).append('.');
        }
        if (!partial.isEmpty()) {
            caption.append(" Over fewer repeats: ").append(String.join("; ", partial)).append('.');
        }
        return new Figure("comparison-" + Run.filePart(metric).replace('_', '-') + ".png", caption.toString(),
                chart.png(Run.WIDTH, Run.HEIGHT), Run.WIDTH, Run.HEIGHT);
    }

    /** isolated, each strategy, centralized: {regime, strategy} pairs that have rows in the summary. */
    private static List<String[]> models(Run run) {
        List<String[]> models = new ArrayList<>();
        models.add(new String[] {"isolated", null});
        for (String s : run.strategies) {
            models.add(new String[] {"federated", s});
        }
        models.add(new String[] {"centralized", null});
        return models;
    }

    static JsonNode find(Run run, String regime, String strategy, String trainedOn, String test, String metric) {
        for (JsonNode row : run.results.path("summary")) {
            if (matches(row, regime, strategy, trainedOn, test, metric)) {
                return row;
            }
        }
        return null;
    }

    /** The first per-repeat reason the metric was undefined, if the results give one. */
    private static String reason(Run run, String regime, String strategy, String trainedOn, String test,
            String metric) {
        for (JsonNode row : run.results.path("metrics")) {
            if (matches(row, regime, strategy, trainedOn, test, metric) && row.hasNonNull("undefined_reason")) {
                return ": " + row.get("undefined_reason").asText();
            }
        }
        return "";
    }

    private static boolean matches(JsonNode row, String regime, String strategy, String trainedOn, String test,
            String metric) {
        return regime.equals(row.path("regime").asText()) && Objects.equals(strategy, text(row, "strategy"))
                && trainedOn.equals(row.path("trained_on").asText()) && test.equals(row.path("test").asText())
                && metric.equals(row.path("metric").asText());
    }

    static String text(JsonNode row, String key) {
        JsonNode n = row.get(key);
        return n == null || n.isNull() ? null : n.asText();
    }
}
