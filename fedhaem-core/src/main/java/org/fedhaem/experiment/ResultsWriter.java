package org.fedhaem.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedhaem.data.AtomicFile;

/**
 * Writes a run directory: {@code results.json} (the experiment as run, provenance, per-repeat metrics, the summary,
 * the learning curves), {@code experiment.toml} (the experiment as run, reusable as input), {@code metrics.csv},
 * {@code rounds.csv} and {@code models/} (every final model of the first evaluation unit of each repeat). Every file
 * appears whole or not at all. The layout is documented in docs/results.md.
 */
public final class ResultsWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsWriter() {
    }

    public static void write(ExperimentResult result, Path dir) {
        for (SavedModelFile m : result.models()) {
            m.model().write(dir.resolve(m.path()));
        }
        AtomicFile.write(dir.resolve("experiment.toml"), result.config().toToml());
        AtomicFile.write(dir.resolve("metrics.csv"), out -> {
            out.write("repeat,regime,strategy,trained_on,test,metric,value,undefined_reason\n");
            for (MetricRow m : result.metrics()) {
                out.write(m.repeat() + "," + m.regime() + "," + quote(m.strategy()) + "," + quote(m.trainedOn())
                        + "," + quote(m.test()) + "," + m.metric() + "," + number(m.value()) + ","
                        + quote(m.undefinedReason()) + "\n");
            }
        });
        AtomicFile.write(dir.resolve("rounds.csv"), out -> {
            out.write("repeat,unit,strategy,round,site,metric,value,n,train_loss,replied,failures\n");
            for (RoundRow r : result.rounds()) {
                out.write(r.repeat() + "," + r.unit() + "," + quote(r.strategy()) + "," + r.round() + ","
                        + quote(r.site()) + ","
                        + r.metric() + "," + number(r.value()) + "," + r.n() + "," + number(r.trainLoss()) + ","
                        + r.replied() + "," + r.failures() + "\n");
            }
        });
        AtomicFile.write(dir.resolve("results.json"), out -> JSON.writeValue(out, toMap(result)));
    }

    static Map<String, Object> toMap(ExperimentResult result) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "fedhaem-results/1");
        root.put("experiment", result.config().toMap());
        root.put("provenance", result.provenance().toMap());
        root.put("sites", result.sites());
        root.put("main_metric", result.mainMetric());
        List<Map<String, Object>> summary = new ArrayList<>();
        for (SummaryRow s : result.summary()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("regime", s.regime());
            m.put("strategy", s.strategy());
            m.put("trained_on", s.trainedOn());
            m.put("test", s.test());
            m.put("metric", s.metric());
            m.put("mean", finite(s.summary().mean()));
            m.put("sd", finite(s.summary().sd()));
            m.put("ci_low", finite(s.summary().ciLow()));
            m.put("ci_high", finite(s.summary().ciHigh()));
            m.put("n", s.summary().n());
            m.put("undefined", s.summary().undefined());
            summary.add(m);
        }
        root.put("summary", summary);
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (MetricRow r : result.metrics()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("repeat", r.repeat());
            m.put("regime", r.regime());
            m.put("strategy", r.strategy());
            m.put("trained_on", r.trainedOn());
            m.put("test", r.test());
            m.put("metric", r.metric());
            m.put("value", finite(r.value()));
            if (r.undefinedReason() != null) {
                m.put("undefined_reason", r.undefinedReason());
            }
            metrics.add(m);
        }
        root.put("metrics", metrics);
        List<Map<String, Object>> rounds = new ArrayList<>();
        for (RoundRow r : result.rounds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("repeat", r.repeat());
            m.put("unit", r.unit());
            m.put("strategy", r.strategy());
            m.put("round", r.round());
            m.put("site", r.site());
            m.put("metric", r.metric());
            m.put("value", finite(r.value()));
            m.put("n", r.n());
            m.put("train_loss", finite(r.trainLoss()));
            m.put("replied", r.replied());
            m.put("failures", r.failures());
            rounds.add(m);
        }
        root.put("rounds", rounds);
        root.put("models", result.models().stream().map(SavedModelFile::path).toList());
        result.figures().putInto(root);
        root.put("wall_time_s", result.wallSeconds());
        return root;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** A CSV cell: empty for null, quoted only when it holds a comma, a quote or a line break. */
    private static String quote(String s) {
        if (s == null) {
            return "";
        }
        boolean plain = s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0;
        return plain ? s : '"' + s.replace("\"", "\"\"") + '"';
    }

    /** The final table: rows regime (and strategy or site), columns pooled, union, each site, external. */
    public static String table(ExperimentResult result) {
        String metric = result.mainMetric();
        List<String> tests = new ArrayList<>(List.of("pooled", "union"));
        tests.addAll(result.sites());
        if (result.config().data().testPath() != null) {
            tests.add("external");
        }
        Map<String, Map<String, Summary>> rows = new LinkedHashMap<>();
        // Rows in the seed study's order: each site alone, each strategy, then the pooled data.
        for (String site : result.sites()) {
            rows.put("isolated (" + site + ")", new LinkedHashMap<>());
        }
        for (String strategy : result.config().strategies()) {
            rows.put("federated " + strategy, new LinkedHashMap<>());
        }
        rows.put("centralized", new LinkedHashMap<>());
        for (SummaryRow s : result.summary()) {
            if (!s.metric().equals(metric)) {
                continue;
            }
            String label = switch (s.regime()) {
                case "isolated" -> "isolated (" + s.trainedOn() + ")";
                case "federated" -> "federated " + s.strategy();
                default -> s.regime();
            };
            rows.computeIfAbsent(label, k -> new LinkedHashMap<>()).put(s.test(), s.summary());
        }
        rows.values().removeIf(Map::isEmpty);
        int width = Math.max(24, rows.keySet().stream().mapToInt(String::length).max().orElse(0) + 2);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s (mean ± SD over %d repeat%s; pooled = from the sites' %s)%n",
                metric.equals("c_index") ? "Harrell's C" : "F1", result.config().repeats(),
                result.config().repeats() == 1 ? "" : "s",
                metric.equals("c_index") ? "pair counts" : "confusion matrices"));
        sb.append(String.format(Locale.ROOT, "%-" + width + "s", ""));
        for (String t : tests) {
            sb.append(String.format(Locale.ROOT, "%17s", t));
        }
        sb.append('\n');
        for (Map.Entry<String, Map<String, Summary>> row : rows.entrySet()) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s", row.getKey()));
            for (String t : tests) {
                Summary s = row.getValue().get(t);
                sb.append(String.format(Locale.ROOT, "%17s", s == null ? "-" : cell(s)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String cell(Summary s) {
        if (s.n() == 0) {
            return "undefined";
        }
        return Double.isNaN(s.sd()) ? String.format(Locale.ROOT, "%.4f", s.mean())
                : String.format(Locale.ROOT, "%.4f ± %.4f", s.mean(), s.sd());
    }
}
