package org.fedhaem.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.fedhaem.report.chart.Series;
import org.fedhaem.report.chart.XyChart;

/**
 * One chart per federated strategy: the global model's metric after each round on each site's test set and pooled,
 * averaged over repeats, with the isolated and centralized levels (pooled test set) as reference lines.
 */
final class LearningCurves {

    private LearningCurves() {
    }

    static List<Figure> figures(Run run) {
        List<Figure> out = new ArrayList<>();
        for (String strategy : run.strategies) {
            Figure f = figure(run, strategy);
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    private static Figure figure(Run run, String strategy) {
        List<String> lines = new ArrayList<>(run.sites);
        lines.add("pooled");
        // per line: round -> {sum, count of defined values, count of undefined}
        List<TreeMap<Integer, double[]>> byRound = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            byRound.add(new TreeMap<>());
        }
        String metric = null;
        for (JsonNode row : run.results.path("rounds")) {
            int line = lines.indexOf(row.path("site").asText());
            if (!strategy.equals(row.path("strategy").asText()) || line < 0) {
                continue;
            }
            metric = metric == null ? row.path("metric").asText() : metric;
            double[] acc = byRound.get(line).computeIfAbsent(row.path("round").asInt(), r -> new double[3]);
            double v = Run.number(row.get("value"));
            if (Double.isNaN(v)) {
                acc[2]++;
            } else {
                acc[0] += v;
                acc[1]++;
            }
        }
        if (metric == null) {
            return null;
        }
        XyChart chart = new XyChart("Learning curves: federated " + strategy, "Round", Run.metricName(metric))
                .wholeX().yLimits(0, 1);
        int lastRound = 1;
        boolean gaps = false;
        for (int i = 0; i < lines.size(); i++) {
            TreeMap<Integer, double[]> rounds = byRound.get(i);
            if (rounds.isEmpty()) {
                continue;
            }
            double[] x = new double[rounds.size()];
            double[] y = new double[rounds.size()];
            int k = 0;
            for (var e : rounds.entrySet()) {
                x[k] = e.getKey();
                y[k] = e.getValue()[1] > 0 ? e.getValue()[0] / e.getValue()[1] : Double.NaN;
                gaps |= e.getValue()[2] > 0;
                lastRound = Math.max(lastRound, e.getKey());
                k++;
            }
            boolean pooled = lines.get(i).equals("pooled");
            // pooled first in style (solid line, circles), the sites after it
            chart.series(Series.line(lines.get(i), pooled ? 0 : i + 1, x, y));
        }
        chart.xRange(1, Math.max(2, lastRound));
        List<String> levels = new ArrayList<>();
        for (String site : run.sites) {
            level(run, chart, levels, "isolated", site, metric);
        }
        level(run, chart, levels, "centralized", "all", metric);
        String over = run.crossValidated() ? run.overRepeats() + " x " + run.units + " evaluation folds"
                : run.overRepeats();
        StringBuilder caption = new StringBuilder(Run.metricName(metric))
                .append(" of the federated ").append(strategy)
                .append(" global model after each round, on each site's test set and pooled (")
                .append(Run.pooledHow(metric)).append("); mean over ").append(over);
        caption.append(gaps ? " where defined (a missing point: undefined in every one)." : ".");
        if (!levels.isEmpty()) {
            caption.append(" Grey dashed lines: ").append(String.join(", ", levels))
                    .append(" on the pooled test set after training, mean over ").append(run.overRepeats())
                    .append('.');
        }
        return new Figure("learning-" + Run.fileKey("federated", strategy, "all") + ".png", caption.toString(),
                chart.png(Run.WIDTH, Run.HEIGHT), Run.WIDTH, Run.HEIGHT);
    }

    private static void level(Run run, XyChart chart, List<String> levels, String regime, String trainedOn,
            String metric) {
        JsonNode row = Comparison.find(run, regime, null, trainedOn, "pooled", metric);
        double mean = row == null ? Double.NaN : Run.number(row.get("mean"));
        if (Double.isFinite(mean)) {
            String name = Run.model(regime, null, trainedOn);
            chart.reference(name + " " + Run.metricValue(mean), mean);
            levels.add(name);
        }
    }
}
