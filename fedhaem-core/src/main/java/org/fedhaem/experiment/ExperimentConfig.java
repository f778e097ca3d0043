package org.fedhaem.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.Schema;
import org.fedhaem.model.Activation;
import org.fedhaem.model.Adam;
import org.fedhaem.model.NetworkSpec;
import org.fedhaem.model.Optimizer;
import org.fedhaem.model.Sgd;
import org.fedhaem.model.Ties;
import org.fedhaem.random.Seeds;
import org.fedhaem.strategy.Strategies;

/**
 * An experiment as run: every key of the experiment file (TOML) with every default filled in, validated. Keys and
 * defaults are documented in {@code docs/experiments.md}; every error names the key as a dotted path
 * ({@code training.lr: must be > 0, got -1}) and {@link #read} prefixes the file.
 *
 * @param strategyOptions the {@code [strategy.<name>]} tables, kept as read (TOML integers as Integer or Long,
 *                        floats as Double, booleans, strings, lists, tables as maps); the strategy factory validates
 *                        their keys
 */
public record ExperimentConfig(String name, Task task, long seed, int repeats, List<Regime> regimes,
                               List<String> strategies, Data data, Split split, Model model, Training training,
                               Map<String, Map<String, Object>> strategyOptions, Federation federation,
                               Evaluation evaluation) {

    /** The strategy names {@code org.fedhaem.strategy.Strategies.create} accepts. */
    public static final List<String> STRATEGY_NAMES = Strategies.NAMES;

    public static final long DEFAULT_SEED = 42;
    /** Five seeds: the fewest the acceptance criteria compare over, and enough for a t interval. */
    public static final int DEFAULT_REPEATS = 5;

    /** What is predicted. */
    public enum Task { SURVIVAL, BINARY }

    /** Who trains: each site alone, the sites together through a strategy, or the sites' rows pooled. */
    public enum Regime { ISOLATED, FEDERATED, CENTRALIZED }

    /** Linear Cox, DeepSurv (Cox loss on a multilayer perceptron) or logistic regression. */
    public enum ModelType { COX, DEEPSURV, LOGISTIC }

    /** The local optimizer. */
    public enum OptimizerKind { ADAM, SGD }

    /** A built-in synthetic cohort used instead of a data file. */
    public enum Synthetic { MDS, SCD }

    public ExperimentConfig {
        if (name == null || name.isBlank()) {
            throw new KeyException("name", "must not be empty");
        }
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(federation, "federation");
        Objects.requireNonNull(evaluation, "evaluation");
        if (repeats < 1) {
            throw new KeyException("repeats", "must be >= 1, got " + repeats);
        }
        regimes = List.copyOf(regimes);
        if (regimes.isEmpty()) {
            throw new KeyException("regimes", "must name at least one of " + String.join(", ", Names.all(Regime.class)));
        }
        if (new HashSet<>(regimes).size() != regimes.size()) {
            throw new KeyException("regimes", "lists a regime twice: " + regimeNames(regimes));
        }
        strategies = List.copyOf(strategies);
        if (strategies.isEmpty()) {
            throw new KeyException("strategies", "must name at least one strategy");
        }
        for (String s : strategies) {
            requireStrategy(s, "strategies");
        }
        if (new HashSet<>(strategies).size() != strategies.size()) {
            throw new KeyException("strategies", "lists a strategy twice: " + strategies);
        }
        Map<String, Map<String, Object>> options = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> e : strategyOptions.entrySet()) {
            requireStrategy(e.getKey(), "strategy." + e.getKey());
            options.put(e.getKey(), Collections.unmodifiableMap(new LinkedHashMap<>(e.getValue())));
        }
        // Every listed strategy's options are checked now (not minutes into a run) and recorded with their
        // defaults filled in, so the experiment as run says exactly what each strategy did.
        for (String s : strategies) {
            try {
                options.put(s, Collections.unmodifiableMap(new LinkedHashMap<>(
                        Strategies.resolvedOptions(s, options.getOrDefault(s, Map.of())))));
            } catch (IllegalArgumentException e) {
                throw new KeyException("strategy." + s, e.getMessage());
            }
        }
        strategyOptions = Collections.unmodifiableMap(options);

        boolean survival = task == Task.SURVIVAL;
        if (survival != data.target() instanceof Schema.SurvivalTarget) {
            throw new KeyException("task", "is " + Names.of(task) + " but the data name "
                    + (survival ? "a label column" : "time and event columns"));
        }
        if (survival == (model.type() == ModelType.LOGISTIC)) {
            throw new KeyException("model.type", "\"" + Names.of(model.type()) + "\" does not fit task = \""
                    + Names.of(task) + "\" (survival: cox or deepsurv; binary: logistic)");
        }
        if (!survival && !evaluation.times().isEmpty()) {
            throw new KeyException("evaluation.times", "are for survival curves and the Brier score; task is binary");
        }
        List<String> sources = new ArrayList<>();
        if (data.path() != null) {
            sources.add("data.path");
        }
        if (data.synthetic() != null) {
            sources.add("data.synthetic");
        }
        if (split.sites() instanceof Files) {
            sources.add("split.files");
        }
        if (sources.size() != 1) {
            throw new KeyException("data", "give exactly one of data.path, data.synthetic, split.files; got "
                    + (sources.isEmpty() ? "none" : String.join(", ", sources)));
        }
        if (split.testFraction() == 0 && data.testPath() == null && split.cvFolds() == 0
                && !(split.sites() instanceof Assignment)) {
            throw new KeyException("split.test_fraction", "0 leaves no test rows: allowed only with data.test_path "
                    + "(external test set), split.assignment or split.cv_folds");
        }
    }

    private static void requireStrategy(String s, String key) {
        if (!STRATEGY_NAMES.contains(s)) {
            throw new KeyException(key, "unknown strategy \"" + s + "\"; known: " + String.join(", ", STRATEGY_NAMES));
        }
    }

    private static List<String> regimeNames(List<Regime> regimes) {
        List<String> names = new ArrayList<>();
        for (Regime r : regimes) {
            names.add(Names.of(r));
        }
        return names;
    }

    /**
     * Reads an experiment file and applies {@code overrides} ({@code key=value}, dotted keys, values as TOML values
     * or else a bare string). Relative paths, in the file and in overrides, are resolved against the file's folder.
     *
     * @throws ExperimentException naming the file and the key (and the line for TOML syntax errors)
     */
    public static ExperimentConfig read(Path file, List<String> overrides) {
        return ConfigReader.read(file, overrides);
    }

    public static ExperimentConfig read(Path file) {
        return read(file, List.of());
    }

    /** The seed of repeat {@code r} (0-based): {@code Seeds.derive(seed, "repeat", r)}. */
    public long repeatSeed(int r) {
        if (r < 0 || r >= repeats) {
            throw new IllegalArgumentException("repeat must be in [0, " + repeats + "), got " + r);
        }
        return Seeds.derive(seed, "repeat", r);
    }

    /** The {@code [strategy.<name>]} table of {@code strategy}, empty when the file has none. */
    public Map<String, Object> options(String strategy) {
        return strategyOptions.getOrDefault(strategy, Map.of());
    }

    /** The experiment as ordered maps, lists and scalars (paths absolute, enums lower case), as written to TOML. */
    public Map<String, Object> toMap() {
        return ConfigWriter.toMap(this);
    }

    public ObjectNode toJsonTree() {
        return new ObjectMapper().valueToTree(toMap());
    }

    /** {@link #toJsonTree()} as indented JSON text. */
    public String toJson() {
        return toJsonTree().toPrettyString();
    }

    /** The experiment as a TOML file; reading it back gives an equal config. */
    public String toToml() {
        return ConfigWriter.toToml(toMap());
    }

    /**
     * {@code [data]}: where rows come from and which columns are the outcome and the features.
     *
     * @param path          the data file, absolute; null with {@code synthetic} or {@code split.files}
     * @param synthetic     a built-in cohort instead of a file, or null
     * @param syntheticRows rows of the synthetic cohort, 0 = its default size (MDS 4427, SCD 65)
     * @param testPath      an external test file, absolute, or null
     */
    public record Data(Path path, Synthetic synthetic, int syntheticRows, Schema.Target target, List<String> features,
                       List<String> exclude, Map<String, String> categorical, Preprocessing.Missing impute,
                       Preprocessing.Scaling scale, Path testPath) {
        public Data {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(impute, "impute");
            Objects.requireNonNull(scale, "scale");
            features = List.copyOf(features);
            exclude = List.copyOf(exclude);
            categorical = Collections.unmodifiableMap(new LinkedHashMap<>(categorical));
            if (syntheticRows < 0) {
                throw new KeyException("data.synthetic_rows", "must be >= 0 (0 = the cohort's size), got "
                        + syntheticRows);
            }
            if (syntheticRows > 0 && synthetic == null) {
                throw new KeyException("data.synthetic_rows", "needs data.synthetic");
            }
            try {
                new Schema(target, features, exclude, categorical);
            } catch (IllegalArgumentException e) {
                throw new KeyException("data", e.getMessage());
            }
        }

        /** The columns as {@link org.fedhaem.data} reads them. */
        public Schema schema() {
            return new Schema(target, features, exclude, categorical);
        }

        /**
         * The preprocessing of every regime. A column constant on one site's training rows (a rare mutation a small
         * site never saw) is centred and left unscaled there rather than failing the run.
         */
        public Preprocessing preprocessing() {
            return new Preprocessing(impute, scale, true);
        }
    }

    /**
     * {@code [split]}: how rows become sites with local test sets.
     *
     * @param testFraction share of each site's rows held out for its test set
     * @param stratify     split each outcome class (event / label) separately
     * @param cvFolds      k of stratified k-fold cross-validation per site, 0 = off (a single hold-out split)
     * @param cvRepeats    how many times the k folds are redrawn
     */
    public record Split(Sites sites, double testFraction, boolean stratify, int cvFolds, int cvRepeats) {
        public Split {
            Objects.requireNonNull(sites, "sites");
            if (!(testFraction >= 0 && testFraction < 1)) {
                throw new KeyException("split.test_fraction", "must be in [0, 1), got " + Names.show(testFraction));
            }
            if (cvFolds == 1 || cvFolds < 0) {
                throw new KeyException("split.cv_folds", "must be 0 (off) or >= 2, got " + cvFolds);
            }
            if (cvRepeats < 1) {
                throw new KeyException("split.cv_repeats", "must be >= 1, got " + cvRepeats);
            }
            if (cvRepeats > 1 && cvFolds == 0) {
                throw new KeyException("split.cv_repeats", "needs split.cv_folds");
            }
            if (cvFolds > 0 && testFraction != 0) {
                throw new KeyException("split.test_fraction", "must be 0 with split.cv_folds (the folds are the "
                        + "test sets), got " + Names.show(testFraction));
            }
            if (sites instanceof Assignment && testFraction != 0) {
                throw new KeyException("split.test_fraction", "must be 0 with split.assignment (its roles give the "
                        + "test rows), got " + Names.show(testFraction));
            }
            if (sites instanceof Assignment && cvFolds > 0) {
                throw new KeyException("split.cv_folds", "cannot be used with split.assignment (its roles give the "
                        + "test rows)");
            }
        }
    }

    /** Where the sites come from: exactly one of {@code split.sites}, {@code assignment}, {@code site_column}, {@code files}. */
    public sealed interface Sites permits Fractions, Counts, Assignment, SiteColumn, Files {
    }

    /** {@code split.sites} as fractions of the rows (summing to 1): sites {@code site1..siteK}. */
    public record Fractions(List<Double> values) implements Sites {
        public Fractions {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new KeyException("split.sites", "must not be empty");
            }
            double sum = 0;
            for (double v : values) {
                if (!(v > 0 && v <= 1)) {
                    throw new KeyException("split.sites", "fractions must be in (0, 1], got " + values);
                }
                sum += v;
            }
            if (Math.abs(sum - 1) > 1e-9) {
                throw new KeyException("split.sites", "fractions must sum to 1, got " + values + " (sum "
                        + Names.show(sum) + ")");
            }
        }

        public double[] toArray() {
            double[] a = new double[values.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = values.get(i);
            }
            return a;
        }
    }

    /** {@code split.sites} as row counts (all integers): sites {@code site1..siteK} of exactly these sizes. */
    public record Counts(List<Integer> values) implements Sites {
        public Counts {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new KeyException("split.sites", "must not be empty");
            }
            for (int v : values) {
                if (v < 1) {
                    throw new KeyException("split.sites", "counts must be >= 1, got " + values);
                }
            }
        }

        public int[] toArray() {
            int[] a = new int[values.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = values.get(i);
            }
            return a;
        }
    }

    /** {@code split.assignment}: a {@code row,site,role} file (absolute path). */
    public record Assignment(Path file) implements Sites {
        public Assignment {
            Objects.requireNonNull(file, "file");
        }
    }

    /** {@code split.site_column}: a data column whose values name the sites. */
    public record SiteColumn(String column) implements Sites {
        public SiteColumn {
            if (column == null || column.isBlank()) {
                throw new KeyException("split.site_column", "must not be empty");
            }
        }
    }

    /** {@code split.files}: one data file per site (absolute paths), sites {@code site1..siteK} in order. */
    public record Files(List<Path> files) implements Sites {
        public Files {
            files = List.copyOf(files);
            if (files.isEmpty()) {
                throw new KeyException("split.files", "must not be empty");
            }
        }
    }

    /**
     * {@code [model]}. Linear models (cox, logistic) have no hidden layer, identity activation, no batch norm and no
     * dropout; DeepSurv has at least one hidden layer.
     *
     * @param l2   weight decay: {@code l2 * w} is added to every gradient (torch {@code weight_decay})
     * @param ties Cox ties in the training loss (survival only)
     */
    public record Model(ModelType type, List<Integer> hidden, Activation activation, boolean batchNorm, double dropout,
                        double l2, Ties ties) {
        public Model {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(activation, "activation");
            Objects.requireNonNull(ties, "ties");
            hidden = List.copyOf(hidden);
            for (int h : hidden) {
                if (h < 1) {
                    throw new KeyException("model.hidden", "layer widths must be >= 1, got " + hidden);
                }
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new KeyException("model.dropout", "must be in [0, 1), got " + Names.show(dropout));
            }
            if (!(l2 >= 0) || Double.isInfinite(l2)) {
                throw new KeyException("model.l2", "must be finite and >= 0, got " + Names.show(l2));
            }
            if (type == ModelType.DEEPSURV && hidden.isEmpty()) {
                throw new KeyException("model.hidden", "deepsurv needs at least one hidden layer (type = \"cox\" is "
                        + "the linear model)");
            }
            if (type != ModelType.DEEPSURV) {
                String linear = "a " + Names.of(type) + " model is linear: ";
                if (!hidden.isEmpty()) {
                    // Usually a DeepSurv file switched to a linear model: say every key that must change.
                    throw new KeyException("model.hidden", linear + "no hidden layers, got " + hidden + " (set "
                            + "model.hidden = [], model.activation = \"identity\", model.batch_norm = false, "
                            + "model.dropout = 0)");
                }
                if (batchNorm) {
                    throw new KeyException("model.batch_norm", linear + "no batch norm");
                }
                if (dropout != 0) {
                    throw new KeyException("model.dropout", linear + "no dropout, got " + Names.show(dropout));
                }
                if (activation != Activation.IDENTITY) {
                    throw new KeyException("model.activation", linear + "identity only, got \""
                            + Names.of(activation) + "\"");
                }
            }
        }

        /** The network for {@code inputs} features; logistic regression has an output bias, Cox models none. */
        public NetworkSpec networkSpec(int inputs) {
            int[] widths = new int[hidden.size()];
            for (int i = 0; i < widths.length; i++) {
                widths[i] = hidden.get(i);
            }
            return new NetworkSpec(inputs, widths, activation, batchNorm, dropout, type == ModelType.LOGISTIC);
        }
    }

    /**
     * {@code [training]}: local training of every regime. Isolated and centralized models train for
     * {@code rounds * localEpochs} epochs, the federated budget.
     *
     * @param evalEvery evaluate the global model every this many rounds (the last round always)
     * @param threads   worker threads of the in-memory fleet
     */
    public record Training(OptimizerKind optimizer, double lr, int batchSize, int localEpochs, int rounds,
                           double momentum, boolean nesterov, int evalEvery, int threads) {
        public Training {
            Objects.requireNonNull(optimizer, "optimizer");
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new KeyException("training.lr", "must be > 0, got " + Names.show(lr));
            }
            requirePositive(batchSize, "training.batch_size");
            requirePositive(localEpochs, "training.local_epochs");
            requirePositive(rounds, "training.rounds");
            requirePositive(evalEvery, "training.eval_every");
            requirePositive(threads, "training.threads");
            if (!(momentum >= 0 && momentum < 1)) {
                throw new KeyException("training.momentum", "must be in [0, 1), got " + Names.show(momentum));
            }
            if (momentum != 0 && optimizer != OptimizerKind.SGD) {
                throw new KeyException("training.momentum", "applies to optimizer = \"sgd\" only");
            }
            if (nesterov && momentum == 0) {
                throw new KeyException("training.nesterov", "needs optimizer = \"sgd\" and training.momentum > 0");
            }
        }

        private static void requirePositive(int v, String key) {
            if (v < 1) {
                throw new KeyException(key, "must be >= 1, got " + v);
            }
        }

        /** Adam (PyTorch betas and eps) or SGD, with {@code l2} as weight decay. */
        public Optimizer buildOptimizer(double l2) {
            return optimizer == OptimizerKind.ADAM ? new Adam(lr, 0.9, 0.999, 1e-8, l2)
                    : new Sgd(lr, momentum, 0, nesterov, l2);
        }
    }

    /**
     * {@code [federation]}: a deployment's sites (names), how many must take part, and the round deadline in
     * seconds (0 = none). Not used by simulations.
     */
    public record Federation(List<String> sites, int minSites, double roundDeadlineS) {
        public Federation {
            sites = List.copyOf(sites);
            if (new HashSet<>(sites).size() != sites.size()) {
                throw new KeyException("federation.sites", "lists a site twice: " + sites);
            }
            if (minSites < 0 || minSites > sites.size()) {
                throw new KeyException("federation.min_sites", "must be in [0, " + sites.size()
                        + "] (the number of federation.sites), got " + minSites);
            }
            if (!(roundDeadlineS >= 0) || Double.isInfinite(roundDeadlineS)) {
                throw new KeyException("federation.round_deadline_s", "must be finite and >= 0, got "
                        + Names.show(roundDeadlineS));
            }
        }
    }

    /**
     * {@code [evaluation]}.
     *
     * @param times     times (in the data's unit) over which the Brier score is integrated; empty = chosen from
     *                  the test set's follow-up
     * @param threshold a binary prediction is positive when its probability is above this
     * @param calibrationTime survival: the time of the calibration curve in results.json; null = the middle value
     *                        of {@code times}, or the median follow-up of the test rows when {@code times} is empty
     */
    public record Evaluation(List<Double> times, double threshold, Double calibrationTime) {
        public Evaluation {
            times = List.copyOf(times);
            double last = 0;
            for (double t : times) {
                if (!(t > last) || Double.isInfinite(t)) {
                    throw new KeyException("evaluation.times", "must be finite, > 0 and increasing, got " + times);
                }
                last = t;
            }
            if (times.size() == 1) {
                throw new KeyException("evaluation.times", "needs at least two times to integrate the Brier score "
                        + "over, got " + times);
            }
            if (!(threshold > 0 && threshold < 1)) {
                throw new KeyException("evaluation.threshold", "must be in (0, 1), got " + Names.show(threshold));
            }
            if (calibrationTime != null && !(calibrationTime > 0 && Double.isFinite(calibrationTime))) {
                throw new KeyException("evaluation.calibration_time", "must be finite and > 0, got "
                        + Names.show(calibrationTime));
            }
        }

        public double[] timesArray() {
            double[] a = new double[times.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = times.get(i);
            }
            return a;
        }
    }
}
