package org.fedhaem.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the charts need to know about a run, read from its {@code results.json}, and the words they use for it. */
final class Run {

    static final int WIDTH = 1440;
    static final int HEIGHT = 880;

    final JsonNode results;
    final List<String> sites = new ArrayList<>();
    final List<String> strategies = new ArrayList<>();
    final String mainMetric;
    final int repeats;
    /** Evaluation units per repeat: the cross-validation folds times their redraws, or 1. */
    final int units;
    /** Cross-validation folds per site (0: one hold-out split) and how often they are redrawn. */
    final int folds;
    final int cvRepeats;
    final String timeUnit;

    Run(JsonNode results) {
        this.results = results;
        results.path("sites").forEach(s -> sites.add(s.asText()));
        JsonNode experiment = results.path("experiment");
        if (experiment.path("regimes").isMissingNode() || containsText(experiment.path("regimes"), "federated")) {
            experiment.path("strategies").forEach(s -> strategies.add(s.asText()));
        }
        mainMetric = results.path("main_metric").asText("");
        repeats = experiment.path("repeats").asInt(0);
        folds = experiment.path("split").path("cv_folds").asInt(0);
        cvRepeats = folds > 0 ? Math.max(1, experiment.path("split").path("cv_repeats").asInt(1)) : 1;
        units = folds > 0 ? folds * cvRepeats : 1;
        // the built-in MDS cohort's follow-up is in years (SyntheticMds); a user's file has no declared unit
        timeUnit = "mds".equals(experiment.path("data").path("synthetic").asText(null)) ? "years" : null;
    }

    boolean crossValidated() {
        return units > 1;
    }

    String timeAxis() {
        return timeUnit == null ? "Time (data's unit)" : "Time (" + timeUnit + ")";
    }

    String time(double t) {
        String number = formatNumber(t);
        return timeUnit == null ? number + " (data's time unit)" : number + " " + timeUnit;
    }

    /**
     * The rows behind {@code curves} (docs/results.md): the first repeat's union of test rows, or with
     * cross-validation the out-of-fold predictions of its first CV repetition; each patient once.
     */
    String curveRows(int repeat) {
        return curveRows(repeat, false);
    }

    /**
     * {@link #curveRows(int)}, or with {@code summedAtSites} the same rows as a deployment counts them: at each site,
     * the counts then summed (a deployment's confusion matrices).
     */
    String curveRows(int repeat, boolean summedAtSites) {
        if (summedAtSites) {
            return (crossValidated() ? "each site's held-out rows of repeat " + repeat
                    + (cvRepeats > 1 ? "'s first cross-validation repetition" : "") + " (" + folds + " folds per site)"
                    : "each site's test rows in repeat " + repeat) + ", counted at the site and summed (each patient "
                    + "once; one repeat, not averaged)";
        }
        if (!crossValidated()) {
            return "the union of the sites' test rows in repeat " + repeat + " (each patient once; one repeat, "
                    + "not averaged)";
        }
        return "the out-of-fold predictions of repeat " + repeat
                + (cvRepeats > 1 ? "'s first cross-validation repetition" : "") + " (" + folds + " folds per site; "
                + "each patient once, predicted by the fold model that did not train on it; one repeat, not averaged)";
    }

    /** What a table's value is made of, to say why a curve's AUC or a confusion matrix differs from it. */
    String tablesPool() {
        if (!crossValidated()) {
            return "the tables give the mean over " + overRepeats();
        }
        String pooled = cvRepeats > 1 ? "every fold of all " + cvRepeats + " cross-validation repetitions (each "
                + "patient counted " + cvRepeats + " times)" : "every fold (each patient once)";
        return "the tables pool, per repeat, " + pooled + " and then give the mean over " + overRepeats();
    }

    String overRepeats() {
        return repeats + (repeats == 1 ? " repeat" : " repeats");
    }

    /** Style index of a model, the same in every chart: isolated, then the strategies in order, then centralized. */
    int style(String regime, String strategy) {
        return switch (regime) {
            case "isolated" -> 0;
            case "federated" -> 1 + Math.max(0, strategies.indexOf(strategy));
            default -> 1 + strategies.size();
        };
    }

    static String model(String regime, String strategy, String trainedOn) {
        return switch (regime) {
            case "isolated" -> "isolated (" + trainedOn + ")";
            case "federated" -> "federated " + strategy;
            default -> regime;
        };
    }

    /** A lower-case file-name part for a model: {@code fedavg}, {@code centralized}, {@code isolated-site1}. */
    static String fileKey(String regime, String strategy, String trainedOn) {
        String key = switch (regime) {
            case "isolated" -> "isolated-" + trainedOn;
            case "federated" -> strategy;
            default -> regime;
        };
        return filePart(key);
    }

    /** Any name from results.json as part of a figure's file name: lower case, other characters as {@code -}. */
    static String filePart(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    }

    static String metricName(String metric) {
        return switch (metric) {
            case "c_index" -> "Harrell's C";
            case "c_index_td" -> "Antolini's time-dependent C";
            case "brier" -> "Integrated Brier score";
            case "f1" -> "F1";
            case "precision" -> "Precision";
            case "recall" -> "Recall";
            case "accuracy" -> "Accuracy";
            case "auc" -> "ROC AUC";
            default -> metric;
        };
    }

    /** How the pooled figure of a metric is formed from what sites share. */
    static String pooledHow(String metric) {
        return metric.startsWith("c_index") ? "site pair counts summed" : "site confusion matrices summed";
    }

    static double number(JsonNode n) {
        return n == null || !n.isNumber() ? Double.NaN : n.asDouble();
    }

    /** A metric's value as printed in tables: three decimals. */
    static String metricValue(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String formatNumber(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode n : array) {
            if (text.equals(n.asText())) {
                return true;
            }
        }
        return false;
    }
}
