package org.fedhaem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedhaem.experiment.DeployedSite;
import org.fedhaem.experiment.ExperimentConfig;
import org.fedhaem.experiment.ExperimentResult;
import org.fedhaem.experiment.ExperimentRunner;
import org.fedhaem.experiment.ResultsWriter;
import org.fedhaem.report.Report;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * results.json of a deployment: {@code data_summary} built from what the sites already send (their preprocessing
 * summaries and evaluation counts) equals the simulation's on the same per-site files, to the bit; for a binary
 * task {@code curves} holds only the confusion matrices, equal to the simulation's, with the reason the ROC curves
 * are missing, and for survival it is null with the reason. The sites are {@link DeployedSite}s in this process.
 */
class DeploymentFigureDataTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "survival | mds | deepsurv | median | test_fraction = 0.25",
            "binary | scd | logistic | mean | test_fraction = 0.25",
            "binary | scd | logistic | mean | cv_folds = 3; cv_repeats = 2",
            "survival | mds | deepsurv | drop | test_fraction = 0.25"})
    void dataSummaryAndConfusionMatricesEqualTheSimulations(String task, String cohort, String model, String impute,
                                                            String split) throws IOException {
        Path sites = SiteFiles.write(tmp, """
                task = "%s"
                [data]
                synthetic = "%s"
                synthetic_rows = 600
                """.formatted(task, cohort));
        Path toml = tmp.resolve("experiment.toml");
        Files.writeString(toml, """
                name = "figures"
                task = "%s"
                seed = 5
                repeats = 2
                regimes = ["isolated", "federated"]
                strategies = ["fedavg", "fedprox"]
                [data]
                impute = "%s"
                %s
                [split]
                files = [%s]
                %s
                [model]
                type = "%s"
                [training]
                lr = 0.01
                batch_size = 64
                local_epochs = 1
                rounds = 2
                [federation]
                sites = ["site1", "site2", "site3"]
                """.formatted(task, impute, task.equals("binary") ? "label = \"label\"" : "",
                SiteFiles.tomlList(sites), split.replace("; ", "\n"), model));
        ExperimentConfig config = ExperimentConfig.read(toml);
        ExperimentResult deployment = InProcessDeployment.deploy(config, sites);
        ExperimentResult simulation = new ExperimentRunner(config, line -> { }).run(List.of("test"));

        JsonNode d = json(deployment, "deployment");
        JsonNode s = json(simulation, "simulation");
        assertThat(d.get("curves_unavailable").asText()).contains("predictions stay at the sites");
        assertThat(s.get("curves").isObject()).isTrue();
        assertThat(s.has("curves_unavailable")).isFalse();
        if (task.equals("survival")) {
            assertThat(d.get("curves").isNull()).isTrue();
            assertThat(d.get("curves_unavailable").asText()).contains("Kaplan-Meier");
        } else {
            JsonNode curves = d.get("curves");
            assertThat(curves.fieldNames()).toIterable().containsExactly("repeat", "test", "confusion");
            assertThat(curves.get("repeat").asInt()).isEqualTo(1);
            assertThat(curves.get("test").asText()).isEqualTo("pooled");
            assertThat(d.get("curves_unavailable").asText()).contains("ROC curves");
            // 3 isolated models and 2 strategies, as the simulation lists them, to the count.
            assertThat(curves.get("confusion")).hasSize(5).isEqualTo(s.get("curves").get("confusion"));
            JsonNode first = curves.get("confusion").get(0);
            long total = first.get("tp").asLong() + first.get("fp").asLong() + first.get("tn").asLong()
                    + first.get("fn").asLong();
            // Repeat 1's test rows, each once: with cross-validation every row of the first CV repetition.
            int tests = 0;
            for (JsonNode site : d.get("data_summary").get("sites")) {
                tests += split.startsWith("cv") ? site.get("train").asInt() + site.get("test").asInt()
                        : site.get("test").asInt();
            }
            assertThat(total).isEqualTo(tests);
        }
        // The deployment's report shows the matrices (binary) and says why the curves are missing, with no curve chart.
        Report.write(tmp.resolve("deployment"));
        String html = Files.readString(tmp.resolve("deployment").resolve(Report.FILE_NAME));
        String section = html.substring(html.indexOf("<section id=\"curves\">"));
        section = section.substring(0, section.indexOf("</section>"));
        assertThat(section).contains("predictions stay at the sites in a deployment").doesNotContain("<figure");
        assertThat(section.split("<table class=\"confusion\">", -1)).hasSize(task.equals("binary") ? 6 : 1);
        try (var files = Files.list(tmp.resolve("deployment"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.startsWith("roc")
                    || f.startsWith("km") || f.startsWith("calibration"));
        }
        // Jackson writes the shortest text that reads back as the same double: equal trees are equal bits.
        assertThat(d.get("data_summary")).isEqualTo(s.get("data_summary"));
        JsonNode site1 = d.get("data_summary").get("sites").get(0);
        assertThat(site1.get("test").asInt()).isPositive();
        assertThat(site1.get("columns").size()).isPositive();
        if (impute.equals("drop")) {
            assertThat(site1.get("dropped").asInt()).as("the synthetic MDS file has missing cells").isPositive();
        }
    }

    private JsonNode json(ExperimentResult result, String name) throws IOException {
        Path dir = tmp.resolve(name);
        ResultsWriter.write(result, dir);
        return JSON.readTree(dir.resolve("results.json").toFile());
    }
}
