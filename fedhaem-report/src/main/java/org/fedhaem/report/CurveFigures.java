package org.fedhaem.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.fedhaem.report.chart.Series;
import org.fedhaem.report.chart.XyChart;

/**
 * The charts of {@code results.json}'s {@code curves} (first repeat, union of the sites' test rows): Kaplan-Meier
 * curves by predicted risk group and calibration for survival tasks, ROC curves for binary tasks.
 */
final class CurveFigures {

    private static final int KM_HEIGHT = 1000;

    private CurveFigures() {
    }

    static List<Figure> figures(Run run, JsonNode curves) {
        List<Figure> out = new ArrayList<>();
        String on = on(run, curves);
        for (JsonNode km : curves.path("km_risk_groups")) {
            out.add(kaplanMeier(run, km, on));
        }
        for (JsonNode cal : curves.path("calibration")) {
            out.add(calibration(run, cal, on));
        }
        List<JsonNode> shared = new ArrayList<>();
        List<JsonNode> isolated = new ArrayList<>();
        for (JsonNode roc : curves.path("roc")) {
            ("isolated".equals(roc.path("regime").asText()) ? isolated : shared).add(roc);
        }
        if (!shared.isEmpty()) {
            out.add(roc(run, shared, "roc.png", "federated strategies and centralized", on));
        }
        if (!isolated.isEmpty()) {
            out.add(roc(run, isolated, "roc-isolated.png", "each site's isolated model", on));
        }
        return out;
    }

    /** Which rows the curves are on, for the captions. */
    private static String on(Run run, JsonNode curves) {
        return run.curveRows(curves.path("repeat").asInt(1));
    }

    private static Figure kaplanMeier(Run run, JsonNode km, String on) {
        String model = modelOf(km);
        XyChart chart = new XyChart("Kaplan-Meier by predicted risk: " + model, run.timeAxis(),
                "Survival probability").yRange(0, 1);
        JsonNode groups = km.path("groups");
        JsonNode atRisk = km.path("at_risk");
        double[] times = numbers(atRisk.path("times"));
        if (times.length > 0) {
            chart.table("Number at risk", times);
        }
        int g = 0;
        for (JsonNode group : groups) {
            String label = group.path("label").asText("group " + (g + 1));
            chart.series(Series.steps(label + " (n " + group.path("n").asInt() + ", " + group.path("events").asInt()
                    + " events)", g, numbers(group.path("time")), numbers(group.path("survival"))));
            if (times.length > 0) {
                JsonNode counts = atRisk.path("counts").path(g);
                long[] c = new long[times.length];
                for (int i = 0; i < c.length; i++) {
                    c[i] = counts.path(i).asLong();
                }
                chart.tableRow(label, g, c);
            }
            g++;
        }
        String caption = "Kaplan-Meier survival on " + on + ", in " + (groups.size() == 3 ? "tertiles" : groups.size()
                + " groups") + " of the risk predicted by the " + model + " model; number at risk at each time "
                + "under the plot.";
        return new Figure("km-" + fileKey(km) + ".png", caption, chart.png(Run.WIDTH, KM_HEIGHT), Run.WIDTH,
                KM_HEIGHT);
    }

    private static Figure calibration(Run run, JsonNode cal, String on) {
        String model = modelOf(cal);
        double time = Run.number(cal.get("time"));
        JsonNode groups = cal.path("groups");
        int n = groups.size();
        double[] predicted = new double[n];
        double[] observed = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        for (int i = 0; i < n; i++) {
            JsonNode group = groups.get(i);
            predicted[i] = Run.number(group.get("predicted"));
            observed[i] = Run.number(group.get("observed"));
            lower[i] = Run.number(group.get("observed_lower"));
            upper[i] = Run.number(group.get("observed_upper"));
        }
        XyChart chart = new XyChart("Calibration at " + run.time(time) + ": " + model,
                "Predicted survival probability", "Observed survival probability (Kaplan-Meier)")
                .xRange(0, 1).yRange(0, 1).diagonal("perfect calibration")
                .series(new Series(model + " (" + (n == 5 ? "quintiles" : n + " groups") + ")",
                        run.style(cal.path("regime").asText(), Comparison.text(cal, "strategy")),
                        Series.Line.STRAIGHT, predicted, observed, lower, upper));
        String caption = "Calibration of the " + model + " model at time " + run.time(time) + " on " + on
                + ": mean predicted survival against Kaplan-Meier observed survival with its 95 % interval "
                + "(log-log), in " + (n == 5 ? "quintiles" : n + " groups") + " of predicted survival; the "
                + "diagonal is perfect calibration.";
        return new Figure("calibration-" + fileKey(cal) + ".png", caption, chart.png(Run.WIDTH, Run.HEIGHT),
                Run.WIDTH, Run.HEIGHT);
    }

    private static Figure roc(Run run, List<JsonNode> models, String file, String which, String on) {
        XyChart chart = new XyChart("ROC curves: " + which, "False positive rate (1 - specificity)",
                "True positive rate (sensitivity)").xRange(0, 1).yRange(0, 1).diagonal("chance (AUC 0.5)");
        for (int i = 0; i < models.size(); i++) {
            JsonNode m = models.get(i);
            double auc = Run.number(m.get("auc"));
            String name = modelOf(m) + " (AUC of this curve " + (Double.isNaN(auc) ? "undefined"
                    : Run.metricValue(auc)) + ")";
            String regime = m.path("regime").asText();
            // isolated models share one style elsewhere; here each site's model needs its own
            int style = regime.equals("isolated") ? i : run.style(regime, Comparison.text(m, "strategy"));
            chart.series(Series.line(name, style, numbers(m.path("fpr")), numbers(m.path("tpr"))));
        }
        String caption = "ROC curves of " + which + " on " + on + ". The legend gives the AUC of this curve, which "
                + "therefore differs from the AUC in the tables: " + run.tablesPool()
                + (run.crossValidated() ? ", and their AUC is the size-weighted mean of the folds' AUCs, not the "
                        + "AUC of the pooled predictions." : ".");
        return new Figure(file, caption, chart.png(Run.WIDTH, Run.HEIGHT), Run.WIDTH, Run.HEIGHT);
    }

    private static String modelOf(JsonNode m) {
        return Run.model(m.path("regime").asText(), Comparison.text(m, "strategy"), m.path("trained_on").asText());
    }

    private static String fileKey(JsonNode m) {
        return Run.fileKey(m.path("regime").asText(), Comparison.text(m, "strategy"), m.path("trained_on").asText());
    }

    private static double[] numbers(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Run.number(array.get(i));
        }
        return v;
    }
}
