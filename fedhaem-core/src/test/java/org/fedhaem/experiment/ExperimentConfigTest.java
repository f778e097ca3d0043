package org.fedhaem.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.Schema;
import org.fedhaem.experiment.ExperimentConfig.Assignment;
import org.fedhaem.experiment.ExperimentConfig.Counts;
import org.fedhaem.experiment.ExperimentConfig.Fractions;
import org.fedhaem.experiment.ExperimentConfig.ModelType;
import org.fedhaem.experiment.ExperimentConfig.OptimizerKind;
import org.fedhaem.experiment.ExperimentConfig.Regime;
import org.fedhaem.experiment.ExperimentConfig.SiteColumn;
import org.fedhaem.experiment.ExperimentConfig.Synthetic;
import org.fedhaem.experiment.ExperimentConfig.Task;
import org.fedhaem.model.Activation;
import org.fedhaem.model.Adam;
import org.fedhaem.model.NetworkSpec;
import org.fedhaem.model.Sgd;
import org.fedhaem.model.Ties;
import org.fedhaem.random.Seeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentConfigTest {
    private static final String SURVIVAL = """
            task = "survival"
            [data]
            path = "mds.csv"
            [split]
            sites = [0.6, 0.3, 0.1]
            """;
    private static final String BINARY = """
            task = "binary"
            [data]
            path = "scd.csv"
            [split]
            sites = [30, 20, 15]
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private ExperimentConfig read(String text, String... overrides) throws IOException {
        return ExperimentConfig.read(write("mds.toml", text), List.of(overrides));
    }

    /** The message of reading {@code text} (as mds.toml) with the overrides, without the file prefix. */
    private String error(String text, String... overrides) throws IOException {
        Path file = write("mds.toml", text);
        ExperimentException e = assertThrows(ExperimentException.class,
                () -> ExperimentConfig.read(file, List.of(overrides)));
        assertThat(e.getMessage()).startsWith(file + ": ");
        return e.getMessage().substring((file + ": ").length());
    }

    @Test
    void survivalDefaults() throws IOException {
        ExperimentConfig c = read(SURVIVAL);
        assertThat(c.name()).isEqualTo("mds");
        assertThat(c.task()).isEqualTo(Task.SURVIVAL);
        assertThat(c.seed()).isEqualTo(42);
        assertThat(c.repeats()).isEqualTo(5);
        assertThat(c.regimes()).containsExactly(Regime.ISOLATED, Regime.FEDERATED, Regime.CENTRALIZED);
        assertThat(c.strategies()).containsExactly("fedavg");
        // Listed strategies are recorded with every option in effect (Flower's defaults filled in).
        assertThat(c.strategyOptions()).containsOnlyKeys("fedavg");
        assertThat(c.options("fedavg")).containsEntry("fraction_fit", 1.0).containsEntry("min_fit_sites", 2);
        assertThat(c.options("fedprox")).isEmpty();

        ExperimentConfig.Data d = c.data();
        assertThat(d.path()).isEqualTo(dir.resolve("mds.csv").toAbsolutePath().normalize());
        assertThat(d.synthetic()).isNull();
        assertThat(d.syntheticRows()).isZero();
        assertThat(d.target()).isEqualTo(new Schema.SurvivalTarget("time", "event"));
        assertThat(d.features()).isEmpty();
        assertThat(d.exclude()).isEmpty();
        assertThat(d.categorical()).isEmpty();
        assertThat(d.impute()).isEqualTo(Preprocessing.Missing.MEDIAN);
        assertThat(d.scale()).isEqualTo(Preprocessing.Scaling.STANDARD);
        assertThat(d.testPath()).isNull();
        assertThat(d.schema()).isEqualTo(Schema.survival("time", "event"));
        assertThat(d.preprocessing()).isEqualTo(
                new Preprocessing(Preprocessing.Missing.MEDIAN, Preprocessing.Scaling.STANDARD, true));

        ExperimentConfig.Split s = c.split();
        assertThat(s.sites()).isEqualTo(new Fractions(List.of(0.6, 0.3, 0.1)));
        assertThat(((Fractions) s.sites()).toArray()).containsExactly(0.6, 0.3, 0.1);
        assertThat(s.testFraction()).isEqualTo(0.2);
        assertThat(s.stratify()).isTrue();
        assertThat(s.cvFolds()).isZero();
        assertThat(s.cvRepeats()).isEqualTo(1);

        ExperimentConfig.Model m = c.model();
        assertThat(m.type()).isEqualTo(ModelType.DEEPSURV);
        assertThat(m.hidden()).containsExactly(32, 32, 32);
        assertThat(m.activation()).isEqualTo(Activation.RELU);
        assertThat(m.batchNorm()).isTrue();
        assertThat(m.dropout()).isEqualTo(0.5);
        assertThat(m.l2()).isZero();
        assertThat(m.ties()).isEqualTo(Ties.BRESLOW);
        assertThat(m.networkSpec(36)).isEqualTo(NetworkSpec.deepSurv(36));

        ExperimentConfig.Training t = c.training();
        assertThat(t.optimizer()).isEqualTo(OptimizerKind.ADAM);
        assertThat(t.lr()).isEqualTo(1e-3);
        assertThat(t.batchSize()).isEqualTo(512);
        assertThat(t.localEpochs()).isEqualTo(10);
        assertThat(t.rounds()).isEqualTo(10);
        assertThat(t.momentum()).isZero();
        assertThat(t.nesterov()).isFalse();
        assertThat(t.evalEvery()).isEqualTo(1);
        assertThat(t.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(t.buildOptimizer(0)).isEqualTo(new Adam(1e-3));

        assertThat(c.federation().sites()).isEmpty();
        assertThat(c.federation().minSites()).isZero();
        assertThat(c.federation().roundDeadlineS()).isZero();

        assertThat(c.evaluation().times()).isEmpty();
        assertThat(c.evaluation().threshold()).isEqualTo(0.5);
    }

    @Test
    void binaryDefaults() throws IOException {
        ExperimentConfig c = read(BINARY);
        assertThat(c.task()).isEqualTo(Task.BINARY);
        assertThat(c.data().target()).isEqualTo(new Schema.BinaryTarget("label"));
        assertThat(c.split().sites()).isEqualTo(new Counts(List.of(30, 20, 15)));
        assertThat(((Counts) c.split().sites()).toArray()).containsExactly(30, 20, 15);
        ExperimentConfig.Model m = c.model();
        assertThat(m.type()).isEqualTo(ModelType.LOGISTIC);
        assertThat(m.hidden()).isEmpty();
        assertThat(m.activation()).isEqualTo(Activation.IDENTITY);
        assertThat(m.batchNorm()).isFalse();
        assertThat(m.dropout()).isZero();
        assertThat(m.networkSpec(6)).isEqualTo(NetworkSpec.linear(6, true));
    }

    @Test
    void linearCoxDefaultsAndSpec() throws IOException {
        ExperimentConfig c = read(SURVIVAL + "[model]\ntype = \"cox\"\nties = \"efron\"\nl2 = 0.01\n");
        assertThat(c.model().hidden()).isEmpty();
        assertThat(c.model().activation()).isEqualTo(Activation.IDENTITY);
        assertThat(c.model().ties()).isEqualTo(Ties.EFRON);
        assertThat(c.model().networkSpec(36)).isEqualTo(NetworkSpec.linear(36, false));
    }

    @Test
    void testFractionDefaultsToZeroWhereTheTestRowsComeFromElsewhere() throws IOException {
        ExperimentConfig a = read("task = \"survival\"\n[data]\npath = \"mds.csv\"\n[split]\nassignment = \"a.csv\"\n");
        assertThat(a.split().sites()).isEqualTo(new Assignment(dir.resolve("a.csv").toAbsolutePath().normalize()));
        assertThat(a.split().testFraction()).isZero();
        ExperimentConfig cv = read(BINARY.replace("[split]", "[split]\ncv_folds = 5\ncv_repeats = 3"));
        assertThat(cv.split().testFraction()).isZero();
        assertThat(cv.split().cvFolds()).isEqualTo(5);
        assertThat(cv.split().cvRepeats()).isEqualTo(3);
        ExperimentConfig external = read(SURVIVAL.replace("[split]", "test_path = \"ext/test.csv\"\n[split]")
                + "test_fraction = 0\n");
        assertThat(external.data().testPath()).isEqualTo(dir.resolve("ext/test.csv").toAbsolutePath().normalize());
        assertThat(external.split().testFraction()).isZero();
    }

    @Test
    void otherSiteSourcesAndSyntheticData() throws IOException {
        ExperimentConfig col = read(SURVIVAL.replace("sites = [0.6, 0.3, 0.1]", "site_column = \"centre\""));
        assertThat(col.split().sites()).isEqualTo(new SiteColumn("centre"));
        ExperimentConfig files = read("task = \"binary\"\n[split]\nfiles = [\"a.csv\", \"../b.csv\"]\n");
        assertThat(files.split().sites()).isEqualTo(new ExperimentConfig.Files(List.of(
                dir.resolve("a.csv").toAbsolutePath().normalize(),
                dir.getParent().resolve("b.csv").toAbsolutePath().normalize())));
        assertThat(files.data().path()).isNull();
        ExperimentConfig syn = read(SURVIVAL.replace("path = \"mds.csv\"", "synthetic = \"mds\"\nsynthetic_rows = 1000"));
        assertThat(syn.data().synthetic()).isEqualTo(Synthetic.MDS);
        assertThat(syn.data().syntheticRows()).isEqualTo(1000);
        assertThat(syn.data().path()).isNull();
    }

    @Test
    void absolutePathsStayAsGiven() throws IOException {
        Path elsewhere = dir.resolve("x").resolve("mds.csv").toAbsolutePath();
        ExperimentConfig c = read(SURVIVAL.replace("\"mds.csv\"", "'" + elsewhere + "'"));
        assertThat(c.data().path()).isEqualTo(elsewhere);
    }

    @Test
    void everyKeyReadAsWritten() throws IOException {
        ExperimentConfig c = read(full());
        assertThat(c.name()).isEqualTo("mds-protocol");
        assertThat(c.seed()).isEqualTo(7);
        assertThat(c.repeats()).isEqualTo(3);
        assertThat(c.regimes()).containsExactly(Regime.FEDERATED, Regime.CENTRALIZED);
        assertThat(c.strategies()).containsExactly("fedavg", "fedprox", "fedtrimmedavg");
        assertThat(c.data().target()).isEqualTo(new Schema.SurvivalTarget("os_years", "death"));
        assertThat(c.data().features()).containsExactly("AOD", "Hemoglobin", "stage");
        assertThat(c.data().exclude()).containsExactly("id");
        assertThat(c.data().categorical()).containsExactly(Map.entry("stage", "1"));
        assertThat(c.data().impute()).isEqualTo(Preprocessing.Missing.MEAN);
        assertThat(c.data().scale()).isEqualTo(Preprocessing.Scaling.MINMAX);
        assertThat(c.split().testFraction()).isEqualTo(0.25);
        assertThat(c.split().stratify()).isFalse();
        assertThat(c.model().hidden()).containsExactly(16, 8);
        assertThat(c.model().activation()).isEqualTo(Activation.SELU);
        assertThat(c.model().batchNorm()).isFalse();
        assertThat(c.model().dropout()).isEqualTo(0.1);
        assertThat(c.model().l2()).isEqualTo(1e-4);
        ExperimentConfig.Training t = c.training();
        assertThat(t.optimizer()).isEqualTo(OptimizerKind.SGD);
        assertThat(t.lr()).isEqualTo(0.05);
        assertThat(t.batchSize()).isEqualTo(64);
        assertThat(t.localEpochs()).isEqualTo(2);
        assertThat(t.rounds()).isEqualTo(30);
        assertThat(t.momentum()).isEqualTo(0.9);
        assertThat(t.nesterov()).isTrue();
        assertThat(t.evalEvery()).isEqualTo(5);
        assertThat(t.threads()).isEqualTo(4);
        assertThat(t.buildOptimizer(1e-4)).isEqualTo(new Sgd(0.05, 0.9, 0, true, 1e-4));
        assertThat(c.options("fedprox")).containsEntry("mu", 0.1);
        assertThat(c.options("fedtrimmedavg")).containsEntry("beta", 0.2).containsEntry("min_fit_sites", 2);
        assertThrows(UnsupportedOperationException.class, () -> c.options("fedprox").put("mu", 1.0));
        assertThat(c.federation().sites()).containsExactly("bologna", "pavia", "milano");
        assertThat(c.federation().minSites()).isEqualTo(2);
        assertThat(c.federation().roundDeadlineS()).isEqualTo(120.0);
        assertThat(c.evaluation().times()).containsExactly(1.0, 2.5, 5.0);
        assertThat(c.evaluation().timesArray()).containsExactly(1.0, 2.5, 5.0);
        assertThat(c.evaluation().threshold()).isEqualTo(0.4);
    }

    private static String full() {
        return """
                name = "mds-protocol"
                task = "survival"
                seed = 7
                repeats = 3
                regimes = ["federated", "centralized"]
                strategies = ["fedavg", "fedprox", "fedtrimmedavg"]

                [data]
                path = "data/mds.csv"
                time = "os_years"
                event = "death"
                features = ["AOD", "Hemoglobin", "stage"]
                exclude = ["id"]
                categorical = { stage = 1 }
                impute = "mean"
                scale = "minmax"
                test_path = "data/external.csv"

                [split]
                sites = [0.5, 0.5]
                test_fraction = 0.25
                stratify = false

                [model]
                type = "deepsurv"
                hidden = [16, 8]
                activation = "selu"
                batch_norm = false
                dropout = 0.1
                l2 = 1e-4
                ties = "breslow"

                [training]
                optimizer = "sgd"
                lr = 0.05
                batch_size = 64
                local_epochs = 2
                rounds = 30
                momentum = 0.9
                nesterov = true
                eval_every = 5
                threads = 4

                [strategy.fedprox]
                mu = 0.1

                [strategy.fedtrimmedavg]
                beta = 0.2
                min_fit_sites = 2

                [federation]
                sites = ["bologna", "pavia", "milano"]
                min_sites = 2
                round_deadline_s = 120

                [evaluation]
                times = [1, 2.5, 5]
                threshold = 0.4
                """;
    }

    @Test
    void roundTripThroughToml() throws IOException {
        for (String text : List.of(full(), SURVIVAL, BINARY,
                "task = \"binary\"\n[data]\ncategorical = { \"sex (m/f)\" = \"f\" }\n[split]\nfiles = [\"a b.csv\"]\n"
                        + "cv_folds = 3\n")) {
            ExperimentConfig c = read(text);
            String toml = c.toToml();
            Path copy = write("written/as-run.toml", "");
            Files.writeString(copy, toml);
            ExperimentConfig back = ExperimentConfig.read(copy);
            assertThat(back).isEqualTo(c);
            assertThat(back.toToml()).isEqualTo(toml);
        }
    }

    @Test
    void jsonTreeHoldsTheConfigAsRun() throws IOException {
        ExperimentConfig c = read(full());
        var json = c.toJsonTree();
        assertThat(json.get("seed").asLong()).isEqualTo(7);
        assertThat(json.at("/data/path").asText()).isEqualTo(dir.resolve("data/mds.csv").toString());
        assertThat(json.at("/model/hidden").toString()).isEqualTo("[16,8]");
        assertThat(json.at("/strategy/fedprox/mu").asDouble()).isEqualTo(0.1);
        assertThat(json.at("/training/lr").asDouble()).isEqualTo(0.05);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(c.toJson()).toString())
                .isEqualTo(json.toString());
        assertThat(c.toMap().keySet()).containsExactly("name", "task", "seed", "repeats", "regimes", "strategies",
                "data", "split", "model", "training", "strategy", "federation", "evaluation");
    }

    @Test
    void repeatSeedsComeFromTheRunSeed() throws IOException {
        ExperimentConfig c = read(SURVIVAL);
        assertThat(c.repeatSeed(0)).isEqualTo(Seeds.derive(42, "repeat", 0));
        assertThat(c.repeatSeed(4)).isEqualTo(Seeds.derive(42, "repeat", 4));
        assertThat(c.repeatSeed(0)).isNotEqualTo(c.repeatSeed(1));
        assertThat(assertThrows(IllegalArgumentException.class, () -> c.repeatSeed(5)).getMessage())
                .isEqualTo("repeat must be in [0, 5), got 5");
    }

    // ---- overrides

    @Test
    void overridesSetAnyKey() throws IOException {
        ExperimentConfig c = read(SURVIVAL, "training.rounds=5", "strategies=[\"fedavg\",\"fedprox\"]",
                "strategy.fedprox.mu=0.1", "data.path=x.csv", "regimes=federated", "name=run 2",
                "model.hidden=[8]", "data.categorical.stage=2", "seed = 9");
        assertThat(c.training().rounds()).isEqualTo(5);
        assertThat(c.strategies()).containsExactly("fedavg", "fedprox");
        assertThat(c.options("fedprox")).containsEntry("mu", 0.1);
        assertThat(c.data().path()).isEqualTo(dir.resolve("x.csv").toAbsolutePath().normalize());
        assertThat(c.regimes()).containsExactly(Regime.FEDERATED);
        assertThat(c.name()).isEqualTo("run 2");
        assertThat(c.model().hidden()).containsExactly(8);
        assertThat(c.data().categorical()).containsExactly(Map.entry("stage", "2"));
        assertThat(c.seed()).isEqualTo(9);
        // a single string where a list of strings is expected is a one-element list
        assertThat(read(SURVIVAL, "data.features=AOD").data().features()).containsExactly("AOD");
    }

    @Test
    void overrideOfASiteSourceReplacesTheFilesOne() throws IOException {
        ExperimentConfig c = read(SURVIVAL, "split.assignment=split42_assignment.csv");
        assertThat(c.split().sites()).isInstanceOf(Assignment.class);
        assertThat(c.split().testFraction()).isZero();
        ExperimentConfig s = read(SURVIVAL, "data.synthetic=mds");
        assertThat(s.data().synthetic()).isEqualTo(Synthetic.MDS);
        assertThat(s.data().path()).isNull();
        ExperimentConfig f = read(SURVIVAL, "split.files=[\"s1.csv\",\"s2.csv\"]");
        assertThat(f.split().sites()).isInstanceOf(ExperimentConfig.Files.class);
        assertThat(f.data().path()).isNull();
    }

    @Test
    void overrideErrors() throws IOException {
        assertThat(error(SURVIVAL, "training.rouns=5")).isEqualTo("--set training.rouns=5: training.rouns: unknown "
                + "key; [training] keys are: optimizer, lr, batch_size, local_epochs, rounds, momentum, nesterov, "
                + "eval_every, threads");
        assertThat(error(SURVIVAL, "rounds=5")).isEqualTo("--set rounds=5: rounds: unknown key; top-level keys are: "
                + "name, task, seed, repeats, regimes, strategies, data, split, model, training, strategy, "
                + "federation, evaluation");
        assertThat(error(SURVIVAL, "strategy.fedprx.mu=1")).isEqualTo("--set strategy.fedprx.mu=1: "
                + "strategy.fedprx.mu: unknown strategy \"fedprx\"; known: " + known());
        assertThat(error(SURVIVAL, "strategy.fedprox=1")).isEqualTo("--set strategy.fedprox=1: strategy.fedprox: "
                + "strategy options are set as strategy.<name>.<option>");
        assertThat(error(SURVIVAL, "seed.x=1")).isEqualTo("--set seed.x=1: seed.x: unknown key; seed is not a table");
        assertThat(error(SURVIVAL, "training")).isEqualTo("--set training: training: an override is key=value, e.g. "
                + "training.rounds=5");
        assertThat(error(SURVIVAL, "training.lr=-1")).isEqualTo("training.lr: must be > 0, got -1 "
                + "(from --set training.lr=-1)");
        assertThat(error(SURVIVAL, "training.rounds=five")).isEqualTo("training.rounds: must be an integer, got "
                + "\"five\" (from --set training.rounds=five)");
    }

    private static String known() {
        return String.join(", ", ExperimentConfig.STRATEGY_NAMES);
    }

    // ---- errors: every message names the file (checked in error()) and the key

    @Test
    void unknownKeysListTheKnownOnes() throws IOException {
        assertThat(error(SURVIVAL + "[training]\nlearning_rate = 0.1\n")).isEqualTo("training.learning_rate: unknown "
                + "key; [training] keys are: optimizer, lr, batch_size, local_epochs, rounds, momentum, nesterov, "
                + "eval_every, threads");
        assertThat(error("rounds = 3\n" + SURVIVAL)).isEqualTo("rounds: unknown key; top-level keys are: name, task, "
                + "seed, repeats, regimes, strategies, data, split, model, training, strategy, federation, evaluation");
        assertThat(error(SURVIVAL.replace("[data]", "[data]\nimputation = \"mean\""))).isEqualTo("data.imputation: "
                + "unknown key; [data] keys are: path, synthetic, synthetic_rows, time, event, label, features, "
                + "exclude, categorical, impute, scale, test_path");
        assertThat(error(SURVIVAL + "[model]\nlayers = [3]\n"))
                .isEqualTo("model.layers: unknown key; [model] keys are: type, hidden, activation, batch_norm, "
                        + "dropout, l2, ties");
        assertThat(error(SURVIVAL.replace("[split]", "[split]\nsite = 1"))).isEqualTo("split.site: unknown key; "
                + "[split] keys are: sites, assignment, site_column, files, test_fraction, stratify, cv_folds, "
                + "cv_repeats");
        assertThat(error(SURVIVAL + "[federation]\ndeadline = 3\n")).isEqualTo("federation.deadline: unknown key; "
                + "[federation] keys are: sites, min_sites, round_deadline_s");
        assertThat(error(SURVIVAL + "[evaluation]\ntime = [1]\n")).isEqualTo("evaluation.time: unknown key; "
                + "[evaluation] keys are: times, threshold, calibration_time");
        // A listed strategy's options are checked when the file is read, not when the strategy first runs.
        assertThat(error("strategies = [\"fedadam\"]\n" + SURVIVAL + "[strategy.fedadam]\netaa = 0.2\n"))
                .startsWith("strategy.fedadam: unknown option strategy.fedadam.etaa");
        assertThat(error(SURVIVAL + "[strategy.fedavgg]\nx = 1\n")).isEqualTo("strategy.fedavgg: unknown strategy "
                + "\"fedavgg\"; known: " + known());
    }

    @Test
    void syntaxErrorsGiveTheLine() throws IOException {
        Path file = write("bad.toml", "task = \"survival\"\nseed = \n");
        ExperimentException e = assertThrows(ExperimentException.class, () -> ExperimentConfig.read(file));
        assertThat(e.getMessage()).isEqualTo(file + ":2: TOML syntax: Newline not permitted here");
        Path twice = write("twice.toml", SURVIVAL + "[data]\npath = \"x.csv\"\n");
        assertThat(assertThrows(ExperimentException.class, () -> ExperimentConfig.read(twice)).getMessage())
                .isEqualTo(twice + ":6: TOML syntax: Table redefined");
    }

    @Test
    void topLevelErrors() throws IOException {
        assertThat(error(SURVIVAL.replace("task = \"survival\"", ""))).isEqualTo("task: missing; one of survival, binary");
        assertThat(error(SURVIVAL.replace("\"survival\"", "\"regression\""))).isEqualTo("task: must be one of "
                + "survival, binary, got \"regression\"");
        assertThat(error("name = \" \"\n" + SURVIVAL)).isEqualTo("name: must not be empty");
        assertThat(error("seed = 1.5\n" + SURVIVAL)).isEqualTo("seed: must be an integer, got 1.5");
        assertThat(error("repeats = 0\n" + SURVIVAL)).isEqualTo("repeats: must be >= 1, got 0");
        assertThat(error("regimes = []\n" + SURVIVAL)).isEqualTo("regimes: must name at least one of isolated, "
                + "federated, centralized");
        assertThat(error("regimes = [\"federated\", \"federated\"]\n" + SURVIVAL)).isEqualTo("regimes: lists a "
                + "regime twice: [federated, federated]");
        assertThat(error("regimes = [\"pooled\"]\n" + SURVIVAL)).isEqualTo("regimes: must be one of isolated, "
                + "federated, centralized, got \"pooled\"");
        assertThat(error("strategies = []\n" + SURVIVAL)).isEqualTo("strategies: must name at least one strategy");
        assertThat(error("strategies = [\"fedsgd\"]\n" + SURVIVAL)).isEqualTo("strategies: unknown strategy "
                + "\"fedsgd\"; known: " + known());
        assertThat(error("strategies = [\"krum\", \"krum\"]\n" + SURVIVAL)).isEqualTo("strategies: lists a strategy "
                + "twice: [krum, krum]");
        assertThat(error("strategies = [1]\n" + SURVIVAL)).isEqualTo("strategies: must be an array of strings, "
                + "got [1]");
        assertThat(error("data = 3\n" + SURVIVAL.replace("[data]\npath = \"mds.csv\"\n", "")))
                .isEqualTo("data: must be a table [data], got 3");
        assertThat(error("strategy = 3\n" + SURVIVAL)).isEqualTo("strategy: must hold tables [strategy.<name>], got 3");
        assertThat(error(SURVIVAL + "[strategy]\nfedprox = 3\n")).isEqualTo("strategy.fedprox: must be a table of "
                + "options, got 3");
    }

    @Test
    void taskConsistencyErrors() throws IOException {
        assertThat(error(SURVIVAL.replace("[data]", "[data]\nlabel = \"sci\""))).isEqualTo("data.label: a survival "
                + "task has no label column (use data.time and data.event)");
        assertThat(error(BINARY.replace("[data]", "[data]\ntime = \"t\""))).isEqualTo("data.time: a binary task has "
                + "no time column (use data.label)");
        assertThat(error(BINARY.replace("[data]", "[data]\nevent = \"e\""))).isEqualTo("data.event: a binary task "
                + "has no event column (use data.label)");
        assertThat(error(BINARY + "[model]\ntype = \"cox\"\n")).isEqualTo("model.type: \"cox\" does not fit task = "
                + "\"binary\" (survival: cox or deepsurv; binary: logistic)");
        assertThat(error(SURVIVAL + "[model]\ntype = \"logistic\"\n")).isEqualTo("model.type: \"logistic\" does not "
                + "fit task = \"survival\" (survival: cox or deepsurv; binary: logistic)");
        assertThat(error(BINARY + "[evaluation]\ntimes = [1.0, 2.0]\n")).isEqualTo("evaluation.times: are for survival "
                + "curves and the Brier score; task is binary");
    }

    @Test
    void dataErrors() throws IOException {
        assertThat(error(SURVIVAL.replace("path = \"mds.csv\"", ""))).isEqualTo("data: give exactly one of "
                + "data.path, data.synthetic, split.files; got none");
        assertThat(error(SURVIVAL.replace("[data]", "[data]\nsynthetic = \"mds\""))).isEqualTo("data: give exactly "
                + "one of data.path, data.synthetic, split.files; got data.path, data.synthetic");
        assertThat(error(SURVIVAL.replace("sites = [0.6, 0.3, 0.1]", "files = [\"a.csv\"]"))).isEqualTo("data: give "
                + "exactly one of data.path, data.synthetic, split.files; got data.path, split.files");
        assertThat(error(SURVIVAL.replace("path = \"mds.csv\"", "synthetic = \"aml\""))).isEqualTo("data.synthetic: "
                + "must be one of mds, scd, got \"aml\"");
        assertThat(error(SURVIVAL.replace("[data]", "[data]\nsynthetic_rows = 10"))).isEqualTo("data.synthetic_rows: "
                + "needs data.synthetic");
        assertThat(error(SURVIVAL.replace("path = \"mds.csv\"", "synthetic = \"mds\"\nsynthetic_rows = -1")))
                .isEqualTo("data.synthetic_rows: must be >= 0 (0 = the cohort's size), got -1");
        assertThat(error(SURVIVAL.replace("\"mds.csv\"", "\"\""))).isEqualTo("data.path: must not be empty");
        assertThat(error(SURVIVAL.replace("\"mds.csv\"", "[\"a.csv\"]"))).isEqualTo("data.path: must be a string, "
                + "got [\"a.csv\"]");
        assertThat(error(SURVIVAL.replace("[data]", "[data]\nfeatures = [\"AOD\", 3]"))).isEqualTo("data.features: "
                + "must be an array of strings, got [\"AOD\",3]");
        assertThat(error(SURVIVAL.replace("[data]", "[data]\nfeatures = [\"time\"]"))).isEqualTo("data: outcome "
                + "column 'time' cannot be a feature");
        assertThat(error(SURVIVAL.replace("[data]", "[data]\nexclude = [\"event\"]"))).isEqualTo("data: outcome "
                + "column 'event' cannot be excluded");
        assertThat(error(SURVIVAL.replace("[data]", "[data]\ncategorical = 3"))).isEqualTo("data.categorical: must "
                + "be a table of column = reference level, got 3");
        assertThat(error(SURVIVAL.replace("[data]", "[data]\ncategorical = { stage = [1] }"))).isEqualTo(
                "data.categorical.stage: must be a string, got [1]");
        assertThat(error(SURVIVAL.replace("[data]", "[data]\nimpute = \"zero\""))).isEqualTo("data.impute: must be "
                + "one of drop, median, mean, mode, got \"zero\"");
        assertThat(error(SURVIVAL.replace("[data]", "[data]\nscale = \"robust\""))).isEqualTo("data.scale: must be "
                + "one of standard, minmax, none, got \"robust\"");
    }

    @Test
    void splitErrors() throws IOException {
        String noSites = SURVIVAL.replace("sites = [0.6, 0.3, 0.1]", "");
        assertThat(error(noSites)).isEqualTo("split: give exactly one of sites, assignment, site_column, files; "
                + "got none");
        assertThat(error(noSites + "sites = [0.5, 0.5]\nassignment = \"a.csv\"\nsite_column = \"c\"\n"))
                .isEqualTo("split: give exactly one of sites, assignment, site_column, files; got sites, assignment, "
                        + "site_column");
        assertThat(error(noSites + "sites = [0.6, 0.3]\n")).isEqualTo("split.sites: fractions must sum to 1, got "
                + "[0.6, 0.3] (sum 0.8999999999999999)");
        assertThat(error(noSites + "sites = [1.5, -0.5]\n")).isEqualTo("split.sites: fractions must be in (0, 1], "
                + "got [1.5, -0.5]");
        assertThat(error(noSites + "sites = [10, 0]\n")).isEqualTo("split.sites: counts must be >= 1, got [10, 0]");
        assertThat(error(noSites + "sites = []\n")).isEqualTo("split.sites: must not be empty");
        assertThat(error(noSites + "sites = [\"a\"]\n")).isEqualTo("split.sites: must be an array of numbers, "
                + "got [\"a\"]");
        assertThat(error(noSites + "sites = 3\n")).isEqualTo("split.sites: must be an array, got 3");
        assertThat(error(noSites + "files = []\n")).isEqualTo("split.files: must not be empty");
        assertThat(error(noSites + "site_column = \"\"\n")).isEqualTo("split.site_column: must not be empty");
        assertThat(error(SURVIVAL + "test_fraction = 1\n")).isEqualTo("split.test_fraction: must be in [0, 1), got 1");
        assertThat(error(SURVIVAL + "test_fraction = 0\n")).isEqualTo("split.test_fraction: 0 leaves no test rows: "
                + "allowed only with data.test_path (external test set), split.assignment or split.cv_folds");
        assertThat(error(SURVIVAL + "stratify = \"yes\"\n")).isEqualTo("split.stratify: must be true or false, "
                + "got \"yes\"");
        assertThat(error(SURVIVAL + "cv_folds = 1\n")).isEqualTo("split.cv_folds: must be 0 (off) or >= 2, got 1");
        assertThat(error(SURVIVAL + "cv_repeats = 0\n")).isEqualTo("split.cv_repeats: must be >= 1, got 0");
        assertThat(error(SURVIVAL + "cv_repeats = 2\n")).isEqualTo("split.cv_repeats: needs split.cv_folds");
        assertThat(error(SURVIVAL + "cv_folds = 5\ntest_fraction = 0.2\n")).isEqualTo("split.test_fraction: must be "
                + "0 with split.cv_folds (the folds are the test sets), got 0.2");
        assertThat(error(noSites + "assignment = \"a.csv\"\ntest_fraction = 0.2\n")).isEqualTo("split.test_fraction: "
                + "must be 0 with split.assignment (its roles give the test rows), got 0.2");
        assertThat(error(noSites + "assignment = \"a.csv\"\ncv_folds = 5\n")).isEqualTo("split.cv_folds: cannot be "
                + "used with split.assignment (its roles give the test rows)");
    }

    @Test
    void modelErrors() throws IOException {
        assertThat(error(SURVIVAL + "[model]\ntype = \"cnn\"\n")).isEqualTo("model.type: must be one of cox, "
                + "deepsurv, logistic, got \"cnn\"");
        assertThat(error(SURVIVAL + "[model]\nhidden = []\n")).isEqualTo("model.hidden: deepsurv needs at least one "
                + "hidden layer (type = \"cox\" is the linear model)");
        assertThat(error(SURVIVAL + "[model]\nhidden = [32, 0]\n")).isEqualTo("model.hidden: layer widths must be "
                + ">= 1, got [32, 0]");
        assertThat(error(SURVIVAL + "[model]\nhidden = [1.5]\n")).isEqualTo("model.hidden: must be an array of "
                + "integers, got [1.5]");
        assertThat(error(SURVIVAL + "[model]\nactivation = \"gelu\"\n")).isEqualTo("model.activation: must be one of "
                + "identity, relu, selu, tanh, got \"gelu\"");
        assertThat(error(SURVIVAL + "[model]\nbatch_norm = 1\n")).isEqualTo("model.batch_norm: must be true or "
                + "false, got 1");
        assertThat(error(SURVIVAL + "[model]\ndropout = 1\n")).isEqualTo("model.dropout: must be in [0, 1), got 1");
        assertThat(error(SURVIVAL + "[model]\nl2 = -0.1\n")).isEqualTo("model.l2: must be finite and >= 0, got -0.1");
        assertThat(error(SURVIVAL + "[model]\nties = \"exact\"\n")).isEqualTo("model.ties: must be one of breslow, "
                + "efron, got \"exact\"");
        assertThat(error(SURVIVAL + "[model]\ntype = \"cox\"\nhidden = [4]\n")).isEqualTo("model.hidden: a cox model "
                + "is linear: no hidden layers, got [4] (set model.hidden = [], model.activation = \"identity\", "
                + "model.batch_norm = false, model.dropout = 0)");
        assertThat(error(BINARY + "[model]\nbatch_norm = true\n")).isEqualTo("model.batch_norm: a logistic model is "
                + "linear: no batch norm");
        assertThat(error(BINARY + "[model]\ndropout = 0.5\n")).isEqualTo("model.dropout: a logistic model is "
                + "linear: no dropout, got 0.5");
        assertThat(error(BINARY + "[model]\nactivation = \"relu\"\n")).isEqualTo("model.activation: a logistic "
                + "model is linear: identity only, got \"relu\"");
    }

    @Test
    void trainingErrors() throws IOException {
        String t = SURVIVAL + "[training]\n";
        assertThat(error(t + "lr = -1\n")).isEqualTo("training.lr: must be > 0, got -1");
        assertThat(error(t + "lr = \"fast\"\n")).isEqualTo("training.lr: must be a number, got \"fast\"");
        assertThat(error(t + "optimizer = \"rmsprop\"\n")).isEqualTo("training.optimizer: must be one of adam, sgd, "
                + "got \"rmsprop\"");
        assertThat(error(t + "batch_size = 0\n")).isEqualTo("training.batch_size: must be >= 1, got 0");
        assertThat(error(t + "local_epochs = 0\n")).isEqualTo("training.local_epochs: must be >= 1, got 0");
        assertThat(error(t + "rounds = 0\n")).isEqualTo("training.rounds: must be >= 1, got 0");
        assertThat(error(t + "rounds = 3000000000\n")).isEqualTo("training.rounds: is too large: 3000000000");
        assertThat(error(t + "eval_every = 0\n")).isEqualTo("training.eval_every: must be >= 1, got 0");
        assertThat(error(t + "threads = 0\n")).isEqualTo("training.threads: must be >= 1, got 0");
        assertThat(error(t + "momentum = 0.9\n")).isEqualTo("training.momentum: applies to optimizer = \"sgd\" only");
        assertThat(error(t + "optimizer = \"sgd\"\nmomentum = 1\n")).isEqualTo("training.momentum: must be in "
                + "[0, 1), got 1");
        assertThat(error(t + "optimizer = \"sgd\"\nnesterov = true\n")).isEqualTo("training.nesterov: needs "
                + "optimizer = \"sgd\" and training.momentum > 0");
    }

    @Test
    void federationAndEvaluationErrors() throws IOException {
        assertThat(error(SURVIVAL + "[federation]\nsites = [\"a\", \"a\"]\n")).isEqualTo("federation.sites: lists a "
                + "site twice: [a, a]");
        assertThat(error(SURVIVAL + "[federation]\nsites = [\"a\"]\nmin_sites = 2\n")).isEqualTo(
                "federation.min_sites: must be in [0, 1] (the number of federation.sites), got 2");
        assertThat(error(SURVIVAL + "[federation]\nround_deadline_s = -5\n")).isEqualTo(
                "federation.round_deadline_s: must be finite and >= 0, got -5");
        assertThat(error(SURVIVAL + "[evaluation]\ntimes = [2, 1]\n")).isEqualTo("evaluation.times: must be finite, "
                + "> 0 and increasing, got [2.0, 1.0]");
        assertThat(error(SURVIVAL + "[evaluation]\ntimes = [0]\n")).isEqualTo("evaluation.times: must be finite, "
                + "> 0 and increasing, got [0.0]");
        assertThat(error(BINARY + "[evaluation]\nthreshold = 1\n")).isEqualTo("evaluation.threshold: must be in "
                + "(0, 1), got 1");
        assertThat(error(SURVIVAL + "[evaluation]\ntimes = [2]\n")).isEqualTo("evaluation.times: needs at least two "
                + "times to integrate the Brier score over, got [2.0]");
    }

    @Test
    void unreadableFile() {
        Path missing = dir.resolve("nope.toml");
        ExperimentException e = assertThrows(ExperimentException.class, () -> ExperimentConfig.read(missing));
        assertThat(e.getMessage()).isEqualTo(missing + ": cannot read the experiment file: it does not exist");
    }
}
