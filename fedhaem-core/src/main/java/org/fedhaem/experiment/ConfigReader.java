package org.fedhaem.experiment;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlStreamReadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.Schema;
import org.fedhaem.experiment.ExperimentConfig.Assignment;
import org.fedhaem.experiment.ExperimentConfig.Counts;
import org.fedhaem.experiment.ExperimentConfig.Data;
import org.fedhaem.experiment.ExperimentConfig.Evaluation;
import org.fedhaem.experiment.ExperimentConfig.Federation;
import org.fedhaem.experiment.ExperimentConfig.Fractions;
import org.fedhaem.experiment.ExperimentConfig.Model;
import org.fedhaem.experiment.ExperimentConfig.ModelType;
import org.fedhaem.experiment.ExperimentConfig.OptimizerKind;
import org.fedhaem.experiment.ExperimentConfig.Regime;
import org.fedhaem.experiment.ExperimentConfig.SiteColumn;
import org.fedhaem.experiment.ExperimentConfig.Sites;
import org.fedhaem.experiment.ExperimentConfig.Split;
import org.fedhaem.experiment.ExperimentConfig.Synthetic;
import org.fedhaem.experiment.ExperimentConfig.Task;
import org.fedhaem.experiment.ExperimentConfig.Training;
import org.fedhaem.model.Activation;
import org.fedhaem.model.Ties;

/** Reads an experiment file: TOML syntax, overrides, unknown keys, types, then defaults and the records' checks. */
final class ConfigReader {
    /** The keys each table may hold ("" = top level); anything else is a typo and an error. */
    static final Map<String, List<String>> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("", List.of("name", "task", "seed", "repeats", "regimes", "strategies", "data", "split", "model",
                "training", "strategy", "federation", "evaluation"));
        KEYS.put("data", List.of("path", "synthetic", "synthetic_rows", "time", "event", "label", "features",
                "exclude", "categorical", "impute", "scale", "test_path"));
        KEYS.put("split", List.of("sites", "assignment", "site_column", "files", "test_fraction", "stratify",
                "cv_folds", "cv_repeats"));
        KEYS.put("model", List.of("type", "hidden", "activation", "batch_norm", "dropout", "l2", "ties"));
        KEYS.put("training", List.of("optimizer", "lr", "batch_size", "local_epochs", "rounds", "momentum",
                "nesterov", "eval_every", "threads"));
        KEYS.put("federation", List.of("sites", "min_sites", "round_deadline_s"));
        KEYS.put("evaluation", List.of("times", "threshold", "calibration_time"));
    }

    /** Keys that replace one another: an override of one removes the others the file gave. */
    private static final List<List<String>> ALTERNATIVES = List.of(
            List.of("split.sites", "split.assignment", "split.site_column", "split.files"),
            List.of("data.path", "data.synthetic", "split.files"));

    private static final TomlMapper TOML = new TomlMapper();

    private final Path base;

    private ConfigReader(Path base) {
        this.base = base;
    }

    static ExperimentConfig read(Path file, List<String> overrides) {
        String label = file.toString();
        ObjectNode root = parse(file, label);
        Map<String, String> overridden = new LinkedHashMap<>();
        for (String raw : overrides) {
            try {
                overridden.put(apply(root, raw), raw);
            } catch (KeyException e) {
                throw new ExperimentException(label + ": --set " + raw + ": " + e.getMessage(), e);
            }
        }
        Path base = file.toAbsolutePath().normalize().getParent();
        String fileName = file.getFileName().toString();
        String defaultName = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
        try {
            return new ConfigReader(base).build(root, defaultName);
        } catch (KeyException e) {
            throw new ExperimentException(label + ": " + e.getMessage() + origin(e.key(), overridden), e);
        }
    }

    private static ObjectNode parse(Path file, String label) {
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ExperimentException(label + ": cannot read the experiment file: it does not exist", e);
        } catch (IOException e) {
            throw new ExperimentException(label + ": cannot read the experiment file (" + e + ")", e);
        }
        try {
            JsonNode node = TOML.readTree(text);
            return node == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) node;
        } catch (TomlStreamReadException e) {
            JsonLocation at = e.getLocation();
            String line = at == null || at.getLineNr() < 1 ? "" : ":" + at.getLineNr();
            throw new ExperimentException(label + line + ": TOML syntax: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ExperimentException(label + ": cannot parse the experiment file (" + e + ")", e);
        }
    }

    /** Says which override set the bad key, if any did. */
    private static String origin(String key, Map<String, String> overridden) {
        for (Map.Entry<String, String> e : overridden.entrySet()) {
            String k = e.getKey();
            if (k.equals(key) || k.startsWith(key + ".") || key.startsWith(k + ".")) {
                return " (from --set " + e.getValue() + ")";
            }
        }
        return "";
    }

    /** Applies one {@code key=value} override to the tree; returns the dotted key. */
    static String apply(ObjectNode root, String raw) {
        int eq = raw.indexOf('=');
        if (eq <= 0) {
            throw new KeyException(raw, "an override is key=value, e.g. training.rounds=5");
        }
        String key = raw.substring(0, eq).trim();
        String[] parts = key.split("\\.", -1);
        checkOverrideKey(key, parts);
        for (List<String> group : ALTERNATIVES) {
            if (group.contains(key)) {
                for (String other : group) {
                    String[] p = other.split("\\.");
                    if (!other.equals(key) && root.get(p[0]) instanceof ObjectNode t) {
                        t.remove(p[1]);
                    }
                }
            }
        }
        ObjectNode table = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = table.get(parts[i]);
            if (!(next instanceof ObjectNode)) {
                next = table.putObject(parts[i]);
            }
            table = (ObjectNode) next;
        }
        table.set(parts[parts.length - 1], value(raw.substring(eq + 1).trim()));
        return key;
    }

    private static void checkOverrideKey(String key, String[] parts) {
        String top = parts[0];
        if (!KEYS.get("").contains(top)) {
            throw new KeyException(key, "unknown key; top-level keys are: " + String.join(", ", KEYS.get("")));
        }
        if (top.equals("strategy")) {
            if (parts.length != 3 || parts[2].isEmpty()) {
                throw new KeyException(key, "strategy options are set as strategy.<name>.<option>");
            }
            if (!ExperimentConfig.STRATEGY_NAMES.contains(parts[1])) {
                throw new KeyException(key, "unknown strategy \"" + parts[1] + "\"; known: "
                        + String.join(", ", ExperimentConfig.STRATEGY_NAMES));
            }
            return;
        }
        List<String> tableKeys = KEYS.get(top);
        if (tableKeys == null) {
            if (parts.length != 1) {
                throw new KeyException(key, "unknown key; " + top + " is not a table");
            }
            return;
        }
        boolean categoricalLevel = parts.length == 3 && key.startsWith("data.categorical.") && !parts[2].isEmpty();
        if (!(parts.length == 2 && tableKeys.contains(parts[1])) && !categoricalLevel) {
            throw new KeyException(key, "unknown key; [" + top + "] keys are: " + String.join(", ", tableKeys));
        }
    }

    /** A TOML value ({@code 5}, {@code 0.1}, {@code ["a","b"]}, {@code "x"}), else the text as a bare string. */
    private static JsonNode value(String text) {
        try {
            JsonNode parsed = TOML.readTree("v = " + text);
            if (parsed != null && parsed.size() == 1 && parsed.has("v")) {
                return parsed.get("v");
            }
        } catch (IOException e) {
            // not a TOML value: a bare string such as data.path=x.csv
        }
        return JsonNodeFactory.instance.textNode(text);
    }

    private ExperimentConfig build(ObjectNode root, String defaultName) {
        Table top = new Table(root, "");
        Task task = top.require(Task.class, "task");
        boolean survival = task == Task.SURVIVAL;
        List<Regime> regimes = new ArrayList<>();
        for (String r : top.strings("regimes", Names.all(Regime.class))) {
            regimes.add(Names.parse(Regime.class, r, "regimes"));
        }
        return new ExperimentConfig(
                top.string("name", defaultName),
                task,
                top.integer("seed", ExperimentConfig.DEFAULT_SEED),
                top.intValue("repeats", ExperimentConfig.DEFAULT_REPEATS),
                regimes,
                top.strings("strategies", List.of("fedavg")),
                data(top.table("data"), survival),
                split(top.table("split")),
                model(top.table("model"), survival),
                training(top.table("training")),
                strategyOptions(root.get("strategy")),
                federation(top.table("federation")),
                evaluation(top.table("evaluation")));
    }

    private Data data(Table t, boolean survival) {
        Schema.Target target;
        if (survival) {
            t.forbid("label", "a survival task has no label column (use data.time and data.event)");
            target = new Schema.SurvivalTarget(t.string("time", "time"), t.string("event", "event"));
        } else {
            t.forbid("time", "a binary task has no time column (use data.label)");
            t.forbid("event", "a binary task has no event column (use data.label)");
            target = new Schema.BinaryTarget(t.string("label", "label"));
        }
        return new Data(t.path("path"), t.choice(Synthetic.class, "synthetic", null), t.intValue("synthetic_rows", 0),
                target, t.strings("features", List.of()), t.strings("exclude", List.of()), t.stringMap("categorical"),
                t.choice(Preprocessing.Missing.class, "impute", Preprocessing.Missing.MEDIAN),
                t.choice(Preprocessing.Scaling.class, "scale", Preprocessing.Scaling.STANDARD), t.path("test_path"));
    }

    private Split split(Table t) {
        List<String> given = new ArrayList<>();
        for (String k : List.of("sites", "assignment", "site_column", "files")) {
            if (t.has(k)) {
                given.add(k);
            }
        }
        if (given.size() != 1) {
            throw new KeyException("split", "give exactly one of sites, assignment, site_column, files; got "
                    + (given.isEmpty() ? "none" : String.join(", ", given)));
        }
        Sites sites = switch (given.get(0)) {
            case "sites" -> t.allIntegers("sites") ? new Counts(t.integers("sites")) : new Fractions(t.numbers("sites"));
            case "assignment" -> new Assignment(t.path("assignment"));
            case "site_column" -> new SiteColumn(t.string("site_column", null));
            default -> new ExperimentConfig.Files(t.paths("files"));
        };
        int cvFolds = t.intValue("cv_folds", 0);
        double defaultTest = cvFolds > 0 || sites instanceof Assignment ? 0 : 0.2;
        return new Split(sites, t.number("test_fraction", defaultTest), t.bool("stratify", true), cvFolds,
                t.intValue("cv_repeats", 1));
    }

    private Model model(Table t, boolean survival) {
        ModelType type = t.choice(ModelType.class, "type", survival ? ModelType.DEEPSURV : ModelType.LOGISTIC);
        boolean deep = type == ModelType.DEEPSURV;
        return new Model(type, t.integers("hidden", deep ? List.of(32, 32, 32) : List.of()),
                t.choice(Activation.class, "activation", deep ? Activation.RELU : Activation.IDENTITY),
                t.bool("batch_norm", deep), t.number("dropout", deep ? 0.5 : 0), t.number("l2", 0),
                t.choice(Ties.class, "ties", Ties.BRESLOW));
    }

    private Training training(Table t) {
        return new Training(t.choice(OptimizerKind.class, "optimizer", OptimizerKind.ADAM), t.number("lr", 1e-3),
                t.intValue("batch_size", 512), t.intValue("local_epochs", 10), t.intValue("rounds", 10),
                t.number("momentum", 0), t.bool("nesterov", false), t.intValue("eval_every", 1),
                t.intValue("threads", Runtime.getRuntime().availableProcessors()));
    }

    private Federation federation(Table t) {
        List<String> sites = t.strings("sites", List.of());
        return new Federation(sites, t.intValue("min_sites", sites.size()), t.number("round_deadline_s", 0));
    }

    private Evaluation evaluation(Table t) {
        return new Evaluation(t.numbers("times", List.of()), t.number("threshold", 0.5),
                t.has("calibration_time") ? t.number("calibration_time", 0) : null);
    }

    private static Map<String, Map<String, Object>> strategyOptions(JsonNode node) {
        Map<String, Map<String, Object>> options = new LinkedHashMap<>();
        if (node == null) {
            return options;
        }
        if (!node.isObject()) {
            throw new KeyException("strategy", "must hold tables [strategy.<name>], got " + node);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = "strategy." + e.getKey();
            if (!ExperimentConfig.STRATEGY_NAMES.contains(e.getKey())) {
                throw new KeyException(key, "unknown strategy \"" + e.getKey() + "\"; known: "
                        + String.join(", ", ExperimentConfig.STRATEGY_NAMES));
            }
            if (!e.getValue().isObject()) {
                throw new KeyException(key, "must be a table of options, got " + e.getValue());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> table = (Map<String, Object>) plain(e.getValue(), key);
            options.put(e.getKey(), table);
        }
        return options;
    }

    /** TOML value -> Integer/Long, Double, Boolean, String, List or Map. */
    private static Object plain(JsonNode node, String key) {
        if (node.isInt()) {
            return node.intValue();
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw new KeyException(key, "integer out of range: " + node);
            }
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                list.add(plain(node.get(i), key + "[" + i + "]"));
            }
            return List.copyOf(list);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), plain(e.getValue(), key + "." + e.getKey()));
        }
        return Collections.unmodifiableMap(map);
    }

    /** One table of the file with typed, defaulted access; unknown keys fail on construction. */
    private final class Table {
        private final ObjectNode node;
        private final String prefix;

        Table(ObjectNode node, String name) {
            this.node = node;
            this.prefix = name.isEmpty() ? "" : name + ".";
            List<String> known = KEYS.get(name);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!known.contains(k)) {
                    String where = name.isEmpty() ? "top-level keys are: " : "[" + name + "] keys are: ";
                    throw new KeyException(prefix + k, "unknown key; " + where + String.join(", ", known));
                }
            }
        }

        Table table(String k) {
            JsonNode v = node.get(k);
            if (v == null) {
                return new Table(JsonNodeFactory.instance.objectNode(), k);
            }
            if (!(v instanceof ObjectNode o)) {
                throw new KeyException(k, "must be a table [" + k + "], got " + v);
            }
            return new Table(o, k);
        }

        boolean has(String k) {
            return node.has(k);
        }

        void forbid(String k, String why) {
            if (has(k)) {
                throw new KeyException(prefix + k, why);
            }
        }

        private KeyException wrongType(String k, String expected, JsonNode v) {
            return new KeyException(prefix + k, "must be " + expected + ", got " + v);
        }

        String string(String k, String dflt) {
            JsonNode v = node.get(k);
            if (v == null) {
                if (dflt == null) {
                    throw new KeyException(prefix + k, "must not be empty");
                }
                return dflt;
            }
            return text(v, k);
        }

        private String text(JsonNode v, String k) {
            if (v.isTextual()) {
                return v.textValue();
            }
            // Overrides and hand-written files may give a level or a name as a number: 2 means "2".
            if (v.isNumber() || v.isBoolean()) {
                return v.asText();
            }
            throw wrongType(k, "a string", v);
        }

        <E extends Enum<E>> E require(Class<E> type, String k) {
            if (!has(k)) {
                throw new KeyException(prefix + k, "missing; one of " + String.join(", ", Names.all(type)));
            }
            return choice(type, k, null);
        }

        <E extends Enum<E>> E choice(Class<E> type, String k, E dflt) {
            JsonNode v = node.get(k);
            return v == null ? dflt : Names.parse(type, text(v, k), prefix + k);
        }

        long integer(String k, long dflt) {
            JsonNode v = node.get(k);
            if (v == null) {
                return dflt;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw wrongType(k, "an integer", v);
            }
            return v.longValue();
        }

        int intValue(String k, int dflt) {
            long v = integer(k, dflt);
            if (v != (int) v) {
                throw new KeyException(prefix + k, "is too large: " + v);
            }
            return (int) v;
        }

        double number(String k, double dflt) {
            JsonNode v = node.get(k);
            if (v == null) {
                return dflt;
            }
            if (!v.isNumber()) {
                throw wrongType(k, "a number", v);
            }
            return v.doubleValue();
        }

        boolean bool(String k, boolean dflt) {
            JsonNode v = node.get(k);
            if (v == null) {
                return dflt;
            }
            if (!v.isBoolean()) {
                throw wrongType(k, "true or false", v);
            }
            return v.booleanValue();
        }

        /** An array; a single string where a list of strings is expected counts as a one-element list. */
        private JsonNode array(String k, boolean stringsAllowedAlone) {
            JsonNode v = node.get(k);
            if (stringsAllowedAlone && v.isTextual()) {
                return JsonNodeFactory.instance.arrayNode().add(v);
            }
            if (!v.isArray()) {
                throw wrongType(k, "an array", v);
            }
            return v;
        }

        List<String> strings(String k, List<String> dflt) {
            if (!has(k)) {
                return dflt;
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : array(k, true)) {
                if (!e.isTextual()) {
                    throw wrongType(k, "an array of strings", node.get(k));
                }
                out.add(e.textValue());
            }
            return out;
        }

        boolean allIntegers(String k) {
            for (JsonNode e : array(k, false)) {
                if (!e.isIntegralNumber()) {
                    return false;
                }
            }
            return true;
        }

        List<Integer> integers(String k) {
            List<Integer> out = new ArrayList<>();
            for (JsonNode e : array(k, false)) {
                if (!e.isInt()) {
                    throw wrongType(k, "an array of integers", node.get(k));
                }
                out.add(e.intValue());
            }
            return out;
        }

        List<Integer> integers(String k, List<Integer> dflt) {
            return has(k) ? integers(k) : dflt;
        }

        List<Double> numbers(String k) {
            List<Double> out = new ArrayList<>();
            for (JsonNode e : array(k, false)) {
                if (!e.isNumber()) {
                    throw wrongType(k, "an array of numbers", node.get(k));
                }
                out.add(e.doubleValue());
            }
            return out;
        }

        List<Double> numbers(String k, List<Double> dflt) {
            return has(k) ? numbers(k) : dflt;
        }

        Map<String, String> stringMap(String k) {
            JsonNode v = node.get(k);
            Map<String, String> out = new LinkedHashMap<>();
            if (v == null) {
                return out;
            }
            if (!v.isObject()) {
                throw wrongType(k, "a table of column = reference level", v);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), text(e.getValue(), k + "." + e.getKey()));
            }
            return out;
        }

        /** A path resolved against the experiment file's folder, or null when absent. */
        Path path(String k) {
            return has(k) ? resolve(string(k, null), k) : null;
        }

        List<Path> paths(String k) {
            List<Path> out = new ArrayList<>();
            for (String s : strings(k, List.of())) {
                out.add(resolve(s, k));
            }
            return out;
        }

        private Path resolve(String s, String k) {
            if (s.isBlank()) {
                throw new KeyException(prefix + k, "must not be empty");
            }
            try {
                return base.resolve(s).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw new KeyException(prefix + k, "is not a valid path: \"" + s + "\"");
            }
        }
    }
}
