package org.fedhaem.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.fedhaem.data.FittedColumn;
import org.fedhaem.data.Table;
import org.fedhaem.metrics.Concordance;
import org.fedhaem.metrics.HarrellC;
import org.fedhaem.model.SavedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The regime runner end to end on small synthetic experiments: reproducibility, the shape of the results, the pooled
 * and union C recomputed from the saved models, isolation of the isolated models, cross-validated F1 and what
 * {@link ResultsWriter} writes.
 */
class ExperimentRunnerTest {
    private static final String MDS = """
            name = "tiny-mds"
            task = "survival"
            seed = 7
            repeats = 2
            regimes = ["isolated", "federated", "centralized"]
            strategies = ["fedavg", "fedprox"]

            [data]
            synthetic = "mds"
            synthetic_rows = 600
            impute = "median"
            scale = "standard"

            [split]
            sites = [0.5, 0.3, 0.2]
            test_fraction = 0.25
            stratify = true

            [model]
            type = "deepsurv"
            hidden = [8, 8]
            activation = "relu"

            [training]
            optimizer = "adam"
            lr = 1e-2
            batch_size = 64
            local_epochs = 2
            rounds = 2

            [strategy.fedprox]
            mu = 0.1
            """;
    private static final String SCD = """
            name = "tiny-scd"
            task = "binary"
            seed = 7
            repeats = 2
            regimes = ["isolated", "federated", "centralized"]
            strategies = ["fedavg"]

            [data]
            synthetic = "scd"
            label = "label"

            [split]
            sites = [30, 20, 15]
            stratify = true
            cv_folds = 3

            [model]
            type = "logistic"

            [training]
            lr = 0.01
            batch_size = 16
            local_epochs = 5
            rounds = 5
            """;
    private static final List<String> SITES = List.of("site1", "site2", "site3");
    private static final List<String> TESTS = List.of("pooled", "union", "site1", "site2", "site3");

    @TempDir
    static Path dir;

    private static Path mdsFile;
    private static ExperimentConfig mdsConfig;
    private static ExperimentResult mds;

    @BeforeAll
    static void runOnce() throws IOException {
        mdsFile = dir.resolve("tiny-mds.toml");
        Files.writeString(mdsFile, MDS);
        mdsConfig = ExperimentConfig.read(mdsFile);
        mds = run(mdsConfig);
    }

    private static ExperimentResult run(ExperimentConfig config) {
        return new ExperimentRunner(config, line -> { }).run(List.of("test"));
    }

    private static ExperimentResult runMds(String... overrides) {
        return run(ExperimentConfig.read(mdsFile, List.of(overrides)));
    }

    @Test
    void sameSeedGivesTheSameBitsWhateverTheThreadCount() {
        ExperimentResult again = runMds();
        ExperimentResult one = runMds("training.threads=1");
        ExperimentResult four = runMds("training.threads=4");
        assertThat(mdsConfig.training().threads()).isNotIn(1, 4);
        // Records compare doubles with Double.compare: equal lists are equal to the bit.
        for (ExperimentResult other : List.of(again, one, four)) {
            assertThat(other.metrics()).isEqualTo(mds.metrics());
            assertThat(other.rounds()).isEqualTo(mds.rounds());
            assertThat(other.summary()).isEqualTo(mds.summary());
        }
        assertThat(mds.metrics()).hasSize(2 * 6 * 13);
        assertThat(mds.rounds()).hasSize(2 * 2 * 2 * 4);
    }

    @Test
    void anotherSeedGivesOtherMetrics() {
        ExperimentResult other = runMds("seed=8");
        assertThat(other.metrics()).hasSameSizeAs(mds.metrics());
        int differing = 0;
        for (int i = 0; i < mds.metrics().size(); i++) {
            MetricRow a = mds.metrics().get(i);
            MetricRow b = other.metrics().get(i);
            assertThat(List.of(b.repeat(), b.regime(), b.test(), b.metric()))
                    .isEqualTo(List.of(a.repeat(), a.regime(), a.test(), a.metric()));
            if (a.value() != b.value()) {
                differing++;
            }
        }
        // Another cohort, other splits, other initial weights: (nearly) every figure moves.
        assertThat(differing).isGreaterThan(mds.metrics().size() * 9 / 10);
    }

    @Test
    void summaryHasEveryRegimeStrategyModelAndTestSetOverBothRepeats() {
        Set<List<String>> expected = new LinkedHashSet<>();
        List<List<String>> models = new ArrayList<>();
        for (String site : SITES) {
            models.add(Arrays.asList("isolated", null, site));
        }
        models.add(Arrays.asList("federated", "fedavg", "all"));
        models.add(Arrays.asList("federated", "fedprox", "all"));
        models.add(Arrays.asList("centralized", null, "all"));
        for (List<String> m : models) {
            for (String test : TESTS) {
                // The pooled figure is built from what sites can share: pair counts, so C only.
                List<String> metrics = test.equals("pooled") ? List.of("c_index")
                        : List.of("c_index", "c_index_td", "brier");
                for (String metric : metrics) {
                    expected.add(Arrays.asList(m.get(0), m.get(1), m.get(2), test, metric));
                }
            }
        }
        Set<List<String>> got = new LinkedHashSet<>();
        for (SummaryRow s : mds.summary()) {
            got.add(Arrays.asList(s.regime(), s.strategy(), s.trainedOn(), s.test(), s.metric()));
            assertThat(s.summary().n()).as("%s", s).isEqualTo(2);
            assertThat(s.summary().undefined()).as("%s", s).isZero();
            double[] values = values(mds, s);
            assertThat(values).hasSize(2);
            assertThat(s.summary().mean()).isEqualTo((values[0] + values[1]) / 2, within(1e-15));
            assertThat(s.summary().sd()).isEqualTo(Math.abs(values[0] - values[1]) / Math.sqrt(2), within(1e-15));
        }
        assertThat(got).isEqualTo(expected);
        assertThat(mds.summary()).hasSize(expected.size());
        assertThat(mds.sites()).isEqualTo(SITES);
    }

    /** Every repeat's value of the summary row's metric, in repeat order. */
    private static double[] values(ExperimentResult result, SummaryRow s) {
        return result.metrics().stream().filter(m -> m.regime().equals(s.regime())
                        && java.util.Objects.equals(m.strategy(), s.strategy()) && m.trainedOn().equals(s.trainedOn())
                        && m.test().equals(s.test()) && m.metric().equals(s.metric()))
                .mapToDouble(MetricRow::value).toArray();
    }

    @Test
    void pooledCAddsTheSitesPairCountsAndUnionCIsHarrellsCOverAllTestRows() {
        Cohort cohort = new Cohort(mdsConfig);
        int models = 0;
        int unionDiffers = 0;
        for (int r = 0; r < mdsConfig.repeats(); r++) {
            List<SiteData> sites = cohort.units(r).get(0);
            assertThat(sites.stream().map(SiteData::name).toList()).isEqualTo(SITES);
            for (SavedModelFile file : mds.models()) {
                if (!file.path().startsWith("models/repeat" + (r + 1) + "/")) {
                    continue;
                }
                models++;
                String[] who = who(file.path());
                Concordance pooled = Concordance.EMPTY;
                List<double[]> time = new ArrayList<>();
                List<boolean[]> event = new ArrayList<>();
                List<double[]> risk = new ArrayList<>();
                for (SiteData site : sites) {
                    double[] t = pick(site.table().numeric("time"), site.test());
                    boolean[] e = events(pick(site.table().numeric("event"), site.test()));
                    double[] eta = file.model().buildNetwork().predict(
                            file.model().preprocessing().transform(site.table(), site.test()));
                    Concordance c = HarrellC.concordance(t, e, eta);
                    assertThat(metric(mds, r + 1, who, site.name(), "c_index")).as(file.path() + " on " + site.name())
                            .isEqualTo(c.c());
                    pooled = pooled.plus(c);
                    time.add(t);
                    event.add(e);
                    risk.add(eta);
                }
                double union = HarrellC.concordance(concat(time), concatEvents(event), concat(risk)).c();
                assertThat(metric(mds, r + 1, who, "pooled", "c_index")).as(file.path()).isEqualTo(pooled.c());
                assertThat(metric(mds, r + 1, who, "union", "c_index")).as(file.path()).isEqualTo(union);
                if (union != pooled.c()) {
                    unionDiffers++;
                }
            }
        }
        assertThat(models).isEqualTo(2 * 6);
        // The union also compares patients of different sites, so it is another number than the pooled C.
        assertThat(unionDiffers).isGreaterThan(models / 2);
    }

    @Test
    void federatedFinalRoundEvaluationAgreesWithTheFinalScoring() {
        // Two paths to the same figure: the sites' evaluation replies in the round loop, and the runner's scoring.
        int checked = 0;
        for (RoundRow row : mds.rounds()) {
            if (row.round() != mdsConfig.training().rounds()) {
                continue;
            }
            String[] who = {"federated", row.strategy(), "all"};
            assertThat(row.value()).as("%s", row).isEqualTo(metric(mds, row.repeat(), who, row.site(), "c_index"));
            checked++;
        }
        assertThat(checked).isEqualTo(2 * 2 * 4);
    }

    @Test
    void isolatedModelOfASiteIsFittedOnThatSitesTrainingRowsOnly() {
        Cohort cohort = new Cohort(mdsConfig);
        for (int r = 0; r < mdsConfig.repeats(); r++) {
            List<SiteData> sites = cohort.units(r).get(0);
            int[] allTrain = new int[0];
            for (SiteData s : sites) {
                allTrain = concat(allTrain, s.train());
            }
            for (SiteData site : sites) {
                SavedModel m = model(r, "isolated-" + site.name());
                checkFittedOn(m, site.table(), site.train(), site.name());
                // The baseline hazard jumps exactly at the site's own training event times.
                assertThat(m.baselineHazard().times()).as(site.name())
                        .containsExactly(eventTimes(site.table(), site.train()));
            }
            checkFittedOn(model(r, "centralized"), sites.get(0).table(), allTrain, "centralized");
            assertThat(model(r, "centralized").baselineHazard().times())
                    .containsExactly(eventTimes(sites.get(0).table(), allTrain));
            // Federated preprocessing comes from the sites' summaries, which cover every training row.
            checkFittedOn(model(r, "federated-fedavg"), sites.get(0).table(), allTrain, "federated");
        }
    }

    private static void checkFittedOn(SavedModel m, Table table, int[] rows, String label) {
        int numeric = 0;
        for (FittedColumn c : m.preprocessing().columns()) {
            if (!(c instanceof FittedColumn.Numeric n)) {
                continue;
            }
            double[] v = pick(table.numeric(n.name()), rows);
            int count = 0;
            double sum = 0;
            for (double x : v) {
                if (!Double.isNaN(x)) {
                    count++;
                    sum += x;
                }
            }
            assertThat(n.count()).as("%s %s", label, n.name()).isEqualTo(count);
            assertThat(n.mean()).as("%s %s", label, n.name()).isCloseTo(sum / count, within(1e-9));
            numeric++;
        }
        assertThat(numeric).as(label).isGreaterThan(10);
    }

    private static SavedModel model(int r, String name) {
        String path = "models/repeat" + (r + 1) + "/" + name + ".json";
        return mds.models().stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow().model();
    }

    @Test
    void crossValidatedScdReportsF1OrSaysWhyNot() {
        ExperimentResult scd = run(scdConfig());
        assertThat(scd.metrics()).isNotEmpty();
        checkBinaryMetrics(scd);
        Set<List<String>> keys = new HashSet<>();
        for (SummaryRow s : scd.summary()) {
            keys.add(Arrays.asList(s.regime(), s.trainedOn(), s.test()));
        }
        assertThat(keys).hasSize(5 * TESTS.size());
        // With a threshold no probability exceeds, no model predicts a positive: precision is undefined (and says
        // why) in every repeat, and the summary counts those repeats rather than averaging zeros.
        ExperimentResult strict = run(ExperimentConfig.read(scdFile(), List.of("evaluation.threshold=0.999")));
        checkBinaryMetrics(strict);
        for (SummaryRow s : strict.summary()) {
            if (s.metric().equals("precision")) {
                assertThat(s.summary().n()).as("%s", s).isZero();
                assertThat(s.summary().undefined()).as("%s", s).isEqualTo(2);
                assertThat(s.summary().mean()).isNaN();
            }
        }
    }

    @Test
    void siteWithoutPositivesHasAnUndefinedF1CountedInTheSummary() throws IOException {
        // Site 3 has no positive label; a strict threshold leaves it without positive predictions: 0/0.
        Path data = dir.resolve("binary");
        Files.createDirectories(data);
        SplittableRandom random = new SplittableRandom(11);
        for (int s = 1; s <= 3; s++) {
            StringBuilder csv = new StringBuilder("x1,x2,label\n");
            for (int i = 0; i < 24; i++) {
                double x1 = random.nextGaussian();
                double x2 = random.nextGaussian();
                boolean label = s < 3 && x1 + 0.5 * random.nextGaussian() > 0.3;
                csv.append(x1).append(',').append(x2).append(',').append(label ? 1 : 0).append('\n');
            }
            Files.writeString(data.resolve("site" + s + ".csv"), csv);
        }
        Path file = data.resolve("three.toml");
        Files.writeString(file, """
                name = "three-files"
                task = "binary"
                seed = 3
                repeats = 2
                strategies = ["fedavg"]
                [data]
                label = "label"
                [split]
                files = ["site1.csv", "site2.csv", "site3.csv"]
                stratify = true
                cv_folds = 3
                [model]
                type = "logistic"
                [training]
                lr = 0.05
                batch_size = 8
                local_epochs = 2
                rounds = 3
                [evaluation]
                threshold = 0.95
                """);
        ExperimentResult result = run(ExperimentConfig.read(file));
        checkBinaryMetrics(result);
        int undefinedOnSite3 = 0;
        for (MetricRow m : result.metrics()) {
            if (m.test().equals("site3") && m.metric().equals("f1") && Double.isNaN(m.value())) {
                assertThat(m.undefinedReason()).contains("no positive label");
                undefinedOnSite3++;
            }
        }
        assertThat(undefinedOnSite3).isPositive();
        String table = ResultsWriter.table(result);
        SummaryRow site3 = result.summary().stream().filter(s -> s.regime().equals("centralized")
                && s.test().equals("site3") && s.metric().equals("f1")).findFirst().orElseThrow();
        // No model predicts a positive above 0.95 on site 3, so its F1 is undefined in both repeats, and says so.
        assertThat(site3.summary().n()).isZero();
        assertThat(site3.summary().undefined()).isEqualTo(2);
        assertThat(table.lines().filter(l -> l.startsWith("centralized")).findFirst().orElseThrow())
                .endsWith("undefined");
    }

    /**
     * Every binary metric is a number in [0, 1] without a reason, or undefined (NaN) with one; an F1 of 0 is a real
     * 0 (there were positive labels or positive predictions), never 0/0; summaries count undefined repeats.
     */
    private static void checkBinaryMetrics(ExperimentResult result) {
        Map<List<Object>, MetricRow> byKey = new HashMap<>();
        for (MetricRow m : result.metrics()) {
            if (Double.isNaN(m.value())) {
                assertThat(m.undefinedReason()).as("%s", m).isNotBlank();
            } else {
                assertThat(m.value()).as("%s", m).isBetween(0.0, 1.0);
                assertThat(m.undefinedReason()).as("%s", m).isNull();
            }
            byKey.put(Arrays.asList(m.repeat(), m.regime(), m.strategy(), m.trainedOn(), m.test(), m.metric()), m);
        }
        for (MetricRow m : result.metrics()) {
            if (!m.metric().equals("f1")) {
                continue;
            }
            MetricRow precision = byKey.get(Arrays.asList(m.repeat(), m.regime(), m.strategy(), m.trainedOn(),
                    m.test(), "precision"));
            MetricRow recall = byKey.get(Arrays.asList(m.repeat(), m.regime(), m.strategy(), m.trainedOn(),
                    m.test(), "recall"));
            if (Double.isNaN(m.value())) {
                assertThat(precision.value()).as("%s", m).isNaN();
                assertThat(recall.value()).as("%s", m).isNaN();
            } else if (m.value() == 0) {
                assertThat(Double.isNaN(precision.value()) && Double.isNaN(recall.value())).as("%s", m).isFalse();
            }
        }
        for (SummaryRow s : result.summary()) {
            double[] v = values(result, s);
            int undefined = (int) Arrays.stream(v).filter(Double::isNaN).count();
            assertThat(v).as("%s", s).hasSize(result.config().repeats());
            assertThat(s.summary().undefined()).as("%s", s).isEqualTo(undefined);
            assertThat(s.summary().n()).as("%s", s).isEqualTo(v.length - undefined);
        }
    }

    private static Path scdFile() {
        Path file = dir.resolve("tiny-scd.toml");
        try {
            Files.writeString(file, SCD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static ExperimentConfig scdConfig() {
        return ExperimentConfig.read(scdFile());
    }

    @Test
    void crossValidationFoldsPartitionEachSiteStratified() {
        ExperimentConfig config = scdConfig();
        Cohort cohort = new Cohort(config);
        List<List<SiteData>> units = cohort.units(0);
        assertThat(units).hasSize(3);
        double[] label = units.get(0).get(0).table().numeric("label");
        for (int s = 0; s < 3; s++) {
            TreeSet<Integer> tested = new TreeSet<>();
            int[] positives = new int[3];
            int size = -1;
            for (int f = 0; f < 3; f++) {
                SiteData site = units.get(f).get(s);
                int[] all = concat(site.train(), site.test());
                Arrays.sort(all);
                if (size < 0) {
                    size = all.length;
                }
                // Every fold covers the same rows of the site; its test rows are disjoint from its training rows.
                assertThat(all).hasSize(size).doesNotHaveDuplicates();
                for (int row : site.test()) {
                    assertThat(tested.add(row)).as("row %d tested twice", row).isTrue();
                    positives[f] += label[row] == 1 ? 1 : 0;
                }
            }
            assertThat(tested).hasSize(size);
            assertThat(size).isEqualTo(new int[] {30, 20, 15}[s]);
            int max = Arrays.stream(positives).max().orElseThrow();
            int min = Arrays.stream(positives).min().orElseThrow();
            assertThat(max - min).as("positives per fold %s", Arrays.toString(positives)).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void resultsWriterWritesTheRunDirectory() throws IOException {
        Path out = dir.resolve("run");
        ResultsWriter.write(mds, out);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode json = mapper.readTree(out.resolve("results.json").toFile());

        JsonNode experiment = json.get("experiment");
        assertThat(experiment).isEqualTo(mapper.readTree(mdsConfig.toJson()));
        // Defaults the file did not give are filled in.
        assertThat(experiment.get("training").get("threads").asInt()).isEqualTo(mdsConfig.training().threads());
        assertThat(experiment.get("model").get("ties").asText()).isEqualTo("breslow");
        assertThat(experiment.get("evaluation").get("threshold").asDouble()).isEqualTo(0.5);
        assertThat(ExperimentConfig.read(out.resolve("experiment.toml"))).isEqualTo(mdsConfig);

        JsonNode provenance = json.get("provenance");
        assertThat(provenance.get("seed").asLong()).isEqualTo(7);
        assertThat(provenance.get("java_version").asText()).isEqualTo(System.getProperty("java.version"));
        assertThat(provenance.has("fedhaem_version")).isTrue();
        assertThat(provenance.has("os_name")).isTrue();

        JsonNode summary = json.get("summary");
        assertThat(summary).hasSize(mds.summary().size());
        Set<String> keys = Set.of("regime", "strategy", "trained_on", "test", "metric", "mean", "sd", "ci_low",
                "ci_high", "n");
        for (int i = 0; i < summary.size(); i++) {
            JsonNode s = summary.get(i);
            SummaryRow row = mds.summary().get(i);
            Set<String> names = new HashSet<>();
            for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            names.remove("undefined");
            assertThat(names).isEqualTo(keys);
            boolean federated = s.get("regime").asText().equals("federated");
            assertThat(s.get("strategy").isNull()).as("%s", s).isEqualTo(!federated);
            assertThat(s.get("trained_on").asText()).isEqualTo(row.trainedOn());
            assertThat(s.get("test").asText()).isEqualTo(row.test());
            assertThat(s.get("mean").asDouble()).isEqualTo(row.summary().mean());
            assertThat(s.get("ci_low").asDouble()).isEqualTo(row.summary().ciLow());
            assertThat(s.get("n").asInt()).isEqualTo(2);
        }
        assertThat(json.get("metrics")).hasSize(mds.metrics().size());
        assertThat(json.get("rounds")).hasSize(mds.rounds().size());

        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertThat(metrics.get(0)).isEqualTo("repeat,regime,strategy,trained_on,test,metric,value,undefined_reason");
        assertThat(metrics).hasSize(mds.metrics().size() + 1);
        List<String> rounds = Files.readAllLines(out.resolve("rounds.csv"));
        assertThat(rounds.get(0)).isEqualTo("repeat,unit,strategy,round,site,metric,value,n,train_loss,replied,"
                + "failures");
        assertThat(rounds).hasSize(mds.rounds().size() + 1);

        // Each kept model loads and predicts what the run's model predicts, to the bit.
        Cohort cohort = new Cohort(mdsConfig);
        assertThat(json.get("models")).hasSize(2 * 6);
        for (SavedModelFile f : mds.models()) {
            assertThat(json.get("models").toString()).contains(f.path());
            SavedModel loaded = SavedModel.read(out.resolve(f.path()));
            int r = Integer.parseInt(f.path().substring("models/repeat".length(), f.path().indexOf('/', 7)));
            SiteData site = cohort.units(r - 1).get(0).get(2);
            Table rows = site.table().select(site.test());
            double[] risk = loaded.predict(rows);
            assertThat(risk).hasSize(site.test().length).containsExactly(f.model().predict(rows));
            double[][] s = loaded.survival(rows, new double[] {1, 3});
            assertThat(s[0][0]).isBetween(0.0, 1.0);
            assertThat(s[0][1]).isLessThanOrEqualTo(s[0][0]);
        }
    }

    @Test
    void aModelThatCannotBeTrainedIsReportedAndTheRunGoesOn() {
        // 400 patients over 60/30/10 %: even site1 trains on 180, where a rare mutation's few carriers (here PTPN11)
        // order the events perfectly, so the partial likelihood has no maximum (R: "coefficient may be infinite").
        ExperimentConfig cox = ExperimentConfig.read(mdsFile, List.of("model.type=cox", "model.hidden=[]",
                "model.activation=identity", "model.batch_norm=false", "model.dropout=0", "data.synthetic_rows=400",
                "split.sites=[0.6,0.3,0.1]", "seed=5"));
        List<String> progress = new ArrayList<>();
        ExperimentResult result = new ExperimentRunner(cox, progress::add).run(List.of("test"));
        assertThat(progress).anySatisfy(line -> assertThat(line)
                .startsWith("repeat 1/2 · isolated site1 · not trained: Monotone likelihood: the coefficient of "
                        + "'PTPN11'").contains("l2 > 0"));
        List<MetricRow> site1 = result.metrics().stream()
                .filter(m -> m.repeat() == 1 && m.regime().equals("isolated") && m.trainedOn().equals("site1"))
                .toList();
        // Every metric of the untrained model on every test set is undefined, with the reason; never a number.
        assertThat(site1).hasSize(3 * 3 + 1 + 3).allSatisfy(m -> {
            assertThat(m.value()).isNaN();
            assertThat(m.undefinedReason()).startsWith("model not trained: Monotone likelihood");
        });
        // The other models of the same repeat were trained and scored.
        // The federated models of the same repeat trained (gradient steps need no finite maximum) and were scored.
        assertThat(result.metrics().stream().filter(m -> m.repeat() == 1 && m.regime().equals("federated")
                && m.metric().equals("c_index"))).isNotEmpty()
                .allSatisfy(m -> assertThat(m.value()).isBetween(0.0, 1.0));
        // With the penalty the message suggests, every model trains.
        ExperimentResult ridge = run(ExperimentConfig.read(mdsFile, List.of("model.type=cox", "model.hidden=[]",
                "model.activation=identity", "model.batch_norm=false", "model.dropout=0", "data.synthetic_rows=400",
                "split.sites=[0.6,0.3,0.1]", "seed=5", "model.l2=1")));
        assertThat(ridge.metrics()).hasSize(2 * 6 * 13).noneMatch(m -> m.undefinedReason() != null
                && m.undefinedReason().startsWith("model not trained"));
    }

    @Test
    void externalTestSetAloneWhenEveryRowTrains() throws IOException {
        Path data = dir.resolve("external");
        Files.createDirectories(data);
        writeCsv(org.fedhaem.data.SyntheticMds.table(500, 1, true), data.resolve("train.csv"));
        writeCsv(org.fedhaem.data.SyntheticMds.table(200, 2, true), data.resolve("ext.csv"));
        Path file = data.resolve("ext.toml");
        Files.writeString(file, MDS.replace("synthetic = \"mds\"\nsynthetic_rows = 600",
                "path = \"train.csv\"\ntest_path = \"ext.csv\"").replace("test_fraction = 0.25", "test_fraction = 0"));
        ExperimentConfig config = ExperimentConfig.read(file);
        ExperimentResult result = run(config);
        assertThat(result.metrics()).extracting(MetricRow::test).containsOnly("external");
        assertThat(result.summary()).hasSize(6 * 3);
        Table external = org.fedhaem.data.TableReader.read(data.resolve("ext.csv"), config.data().schema());
        double[] time = external.numeric("time");
        boolean[] event = events(external.numeric("event"));
        for (SavedModelFile f : result.models()) {
            double c = HarrellC.concordance(time, event, f.model().predict(external)).c();
            int repeat = f.path().startsWith("models/repeat1/") ? 1 : 2;
            assertThat(metric(result, repeat, who(f.path()), "external", "c_index")).as(f.path()).isEqualTo(c);
        }
        assertThat(result.models()).hasSize(2 * 6);
        assertThat(ResultsWriter.table(result)).contains("external");
    }

    private static void writeCsv(Table t, Path file) throws IOException {
        StringBuilder sb = new StringBuilder(String.join(",", t.columns())).append('\n');
        for (int i = 0; i < t.rows(); i++) {
            List<String> cells = new ArrayList<>();
            for (String c : t.columns()) {
                if (t.isNumeric(c)) {
                    double v = t.numeric(c)[i];
                    cells.add(Double.isNaN(v) ? "" : Double.toString(v));
                } else {
                    String v = t.text(c)[i];
                    cells.add(v == null ? "" : v);
                }
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        Files.writeString(file, sb);
    }

    /** regime, strategy, trained_on of a model file name. */
    private static String[] who(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1, path.length() - ".json".length());
        if (name.startsWith("isolated-")) {
            return new String[] {"isolated", null, name.substring("isolated-".length())};
        }
        if (name.startsWith("federated-")) {
            return new String[] {"federated", name.substring("federated-".length()), "all"};
        }
        return new String[] {name, null, "all"};
    }

    private static double metric(ExperimentResult result, int repeat, String[] who, String test, String metric) {
        List<MetricRow> found = result.metrics().stream().filter(m -> m.repeat() == repeat
                && m.regime().equals(who[0]) && java.util.Objects.equals(m.strategy(), who[1])
                && m.trainedOn().equals(who[2]) && m.test().equals(test) && m.metric().equals(metric)).toList();
        assertThat(found).as("%d %s %s %s", repeat, Arrays.toString(who), test, metric).hasSize(1);
        return found.get(0).value();
    }

    private static double[] eventTimes(Table table, int[] rows) {
        TreeSet<Double> times = new TreeSet<>();
        double[] time = table.numeric("time");
        double[] event = table.numeric("event");
        for (int row : rows) {
            if (event[row] == 1) {
                times.add(time[row]);
            }
        }
        return times.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] pick(double[] v, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = v[rows[i]];
        }
        return out;
    }

    private static boolean[] events(double[] v) {
        boolean[] out = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] == 1;
        }
        return out;
    }

    private static double[] concat(List<double[]> parts) {
        return parts.stream().flatMapToDouble(Arrays::stream).toArray();
    }

    private static boolean[] concatEvents(List<boolean[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        boolean[] out = new boolean[n];
        int k = 0;
        for (boolean[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
