package org.fedhaem.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.fedhaem.data.Schema;
import org.fedhaem.experiment.ExperimentConfig.Assignment;
import org.fedhaem.experiment.ExperimentConfig.Counts;
import org.fedhaem.experiment.ExperimentConfig.Data;
import org.fedhaem.experiment.ExperimentConfig.Files;
import org.fedhaem.experiment.ExperimentConfig.Fractions;
import org.fedhaem.experiment.ExperimentConfig.Regime;
import org.fedhaem.experiment.ExperimentConfig.SiteColumn;

/** The config as ordered maps (for JSON) and as TOML text, with the keys and spelling the reader expects. */
final class ConfigWriter {
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private ConfigWriter() {
    }

    static Map<String, Object> toMap(ExperimentConfig c) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", c.name());
        root.put("task", Names.of(c.task()));
        root.put("seed", c.seed());
        root.put("repeats", c.repeats());
        List<String> regimes = new ArrayList<>();
        for (Regime r : c.regimes()) {
            regimes.add(Names.of(r));
        }
        root.put("regimes", regimes);
        root.put("strategies", c.strategies());
        root.put("data", data(c.data()));

        Map<String, Object> split = new LinkedHashMap<>();
        ExperimentConfig.Sites sites = c.split().sites();
        if (sites instanceof Fractions f) {
            split.put("sites", f.values());
        } else if (sites instanceof Counts n) {
            split.put("sites", n.values());
        } else if (sites instanceof Assignment a) {
            split.put("assignment", a.file().toString());
        } else if (sites instanceof SiteColumn s) {
            split.put("site_column", s.column());
        } else {
            split.put("files", strings(((Files) sites).files()));
        }
        split.put("test_fraction", c.split().testFraction());
        split.put("stratify", c.split().stratify());
        split.put("cv_folds", c.split().cvFolds());
        split.put("cv_repeats", c.split().cvRepeats());
        root.put("split", split);

        ExperimentConfig.Model m = c.model();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", Names.of(m.type()));
        model.put("hidden", m.hidden());
        model.put("activation", Names.of(m.activation()));
        model.put("batch_norm", m.batchNorm());
        model.put("dropout", m.dropout());
        model.put("l2", m.l2());
        model.put("ties", Names.of(m.ties()));
        root.put("model", model);

        ExperimentConfig.Training t = c.training();
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("optimizer", Names.of(t.optimizer()));
        training.put("lr", t.lr());
        training.put("batch_size", t.batchSize());
        training.put("local_epochs", t.localEpochs());
        training.put("rounds", t.rounds());
        training.put("momentum", t.momentum());
        training.put("nesterov", t.nesterov());
        training.put("eval_every", t.evalEvery());
        training.put("threads", t.threads());
        root.put("training", training);

        if (!c.strategyOptions().isEmpty()) {
            root.put("strategy", new LinkedHashMap<>(c.strategyOptions()));
        }

        Map<String, Object> federation = new LinkedHashMap<>();
        federation.put("sites", c.federation().sites());
        federation.put("min_sites", c.federation().minSites());
        federation.put("round_deadline_s", c.federation().roundDeadlineS());
        root.put("federation", federation);

        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("times", c.evaluation().times());
        evaluation.put("threshold", c.evaluation().threshold());
        if (c.evaluation().calibrationTime() != null) {
            evaluation.put("calibration_time", c.evaluation().calibrationTime());
        }
        root.put("evaluation", evaluation);
        return root;
    }

    private static Map<String, Object> data(Data d) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (d.path() != null) {
            data.put("path", d.path().toString());
        }
        if (d.synthetic() != null) {
            data.put("synthetic", Names.of(d.synthetic()));
            data.put("synthetic_rows", d.syntheticRows());
        }
        if (d.target() instanceof Schema.SurvivalTarget s) {
            data.put("time", s.time());
            data.put("event", s.event());
        } else {
            data.put("label", ((Schema.BinaryTarget) d.target()).label());
        }
        data.put("features", d.features());
        data.put("exclude", d.exclude());
        data.put("categorical", d.categorical());
        data.put("impute", Names.of(d.impute()));
        data.put("scale", Names.of(d.scale()));
        if (d.testPath() != null) {
            data.put("test_path", d.testPath().toString());
        }
        return data;
    }

    private static List<String> strings(List<Path> paths) {
        List<String> out = new ArrayList<>();
        for (Path p : paths) {
            out.add(p.toString());
        }
        return out;
    }

    /** Top-level values first, then one [table] per map; a map of maps (strategy) becomes [table.name] sections. */
    static String toToml(Map<String, Object> root) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Object> e : root.entrySet()) {
            if (!(e.getValue() instanceof Map)) {
                out.append(key(e.getKey())).append(" = ").append(value(e.getValue())).append('\n');
            }
        }
        for (Map.Entry<String, Object> e : root.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> table) {
                if (!table.isEmpty() && allMaps(table)) {
                    for (Map.Entry<?, ?> sub : table.entrySet()) {
                        section(out, key(e.getKey()) + "." + key((String) sub.getKey()), (Map<?, ?>) sub.getValue());
                    }
                } else {
                    section(out, key(e.getKey()), table);
                }
            }
        }
        return out.toString();
    }

    private static boolean allMaps(Map<?, ?> table) {
        for (Object v : table.values()) {
            if (!(v instanceof Map)) {
                return false;
            }
        }
        return true;
    }

    private static void section(StringBuilder out, String header, Map<?, ?> entries) {
        out.append("\n[").append(header).append("]\n");
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            out.append(key((String) e.getKey())).append(" = ").append(value(e.getValue())).append('\n');
        }
    }

    private static String key(String k) {
        return BARE_KEY.matcher(k).matches() ? k : quote(k);
    }

    private static String value(Object v) {
        if (v instanceof String s) {
            return quote(s);
        }
        if (v instanceof Double d) {
            if (d.isNaN()) {
                return "nan";
            }
            if (d.isInfinite()) {
                return d > 0 ? "inf" : "-inf";
            }
            return Double.toString(d);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            for (Object o : list) {
                items.add(value(o));
            }
            return "[" + String.join(", ", items) + "]";
        }
        if (v instanceof Map<?, ?> map) {
            List<String> items = new ArrayList<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                items.add(key((String) e.getKey()) + " = " + value(e.getValue()));
            }
            return items.isEmpty() ? "{}" : "{ " + String.join(", ", items) + " }";
        }
        throw new IllegalArgumentException("no TOML form for " + v.getClass().getSimpleName() + ": " + v);
    }

    /** A TOML basic string. */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) {
                        b.append(String.format("\\u%04X", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
