package org.fedhaem.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.fedhaem.experiment.ExperimentConfig;
import org.fedhaem.experiment.ExperimentResult;
import org.fedhaem.experiment.ExperimentRunner;
import org.fedhaem.experiment.ResultsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FiguresTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = FiguresTest.class.getResourceAsStream(name)) {
            return JSON.readTree(in);
        }
    }

    private static List<String> files(List<Figure> figures) {
        return figures.stream().map(Figure::file).toList();
    }

    private static Figure named(List<Figure> figures, String file) {
        return figures.stream().filter(f -> f.file().equals(file)).findFirst().orElseThrow();
    }

    @Test
    void aSurvivalRunGetsComparisonLearningCurvesKaplanMeierAndCalibrationInOrder() throws IOException {
        List<Figure> figures = Figures.draw(fixture("figures-survival-results.json"));
        assertThat(files(figures)).containsExactly("comparison-c-index.png", "learning-fedavg.png",
                "learning-fedprox.png", "km-fedavg.png", "km-centralized.png", "calibration-fedavg.png",
                "calibration-centralized.png");
        everyFigureDecodesToItsSizeAndIsNotBlank(figures);
        assertThat(named(figures, "km-fedavg.png").height()).isEqualTo(1000);
    }

    @Test
    void aBinaryRunGetsAComparisonPerPooledMetricMainFirstAndRocCurves() throws IOException {
        List<Figure> figures = Figures.draw(fixture("figures-binary-results.json"));
        assertThat(files(figures)).containsExactly("comparison-f1.png", "comparison-accuracy.png",
                "comparison-precision.png", "comparison-recall.png", "learning-fedavg.png", "roc.png",
                "roc-isolated.png");
        everyFigureDecodesToItsSizeAndIsNotBlank(figures);
    }

    @Test
    void eachSitesIsolatedRocCurveHasItsOwnColour() throws IOException {
        Figure roc = named(Figures.draw(fixture("figures-binary-results.json")), "roc-isolated.png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(roc.png()));
        for (int colour : new int[] {0x0072B2, 0xD55E00, 0x009E73}) {
            int n = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth() * 5 / 8; x++) {
                    n += (image.getRGB(x, y) & 0xFFFFFF) == colour ? 1 : 0;
                }
            }
            assertThat(n).as("pixels of %06x in the plot", colour).isGreaterThan(200);
        }
    }

    @Test
    void theSameResultsGiveTheSameBytes() throws IOException {
        JsonNode results = fixture("figures-survival-results.json");
        assertThat(Figures.draw(results)).isEqualTo(Figures.draw(results));
        JsonNode binary = fixture("figures-binary-results.json");
        assertThat(Figures.draw(binary)).isEqualTo(Figures.draw(binary));
    }

    @Test
    void aDeploymentWithoutCurvesGetsNoCurveFigures() throws IOException {
        ObjectNode deployment = (ObjectNode) fixture("figures-survival-results.json");
        deployment.set("curves", NullNode.getInstance());
        assertThat(files(Figures.draw(deployment))).containsExactly("comparison-c-index.png",
                "learning-fedavg.png", "learning-fedprox.png");
        deployment.remove("curves");
        assertThat(files(Figures.draw(deployment))).hasSize(3);
    }

    @Test
    void aBinaryDeploymentWithOnlyConfusionMatricesGetsNoCurveFigures() throws IOException {
        ObjectNode simulation = (ObjectNode) fixture("figures-binary-results.json");
        List<String> drawn = files(Figures.draw(simulation));
        assertThat(drawn).contains("roc.png", "roc-isolated.png");
        ObjectNode deployment = simulation.deepCopy();
        ObjectNode curves = (ObjectNode) deployment.get("curves");
        curves.remove("roc");
        curves.put("test", "pooled");
        deployment.put("curves_unavailable", "predictions stay at the sites in a deployment");
        assertThat(files(Figures.draw(deployment))).isNotEmpty()
                .containsExactlyElementsOf(drawn.stream().filter(f -> !f.startsWith("roc")).toList());
    }

    @Test
    void captionsSayWhatWasMeasuredOnWhichTestSetOverHowManyRepeats() throws IOException {
        List<Figure> survival = Figures.draw(fixture("figures-survival-results.json"));
        assertThat(named(survival, "comparison-c-index.png").caption())
                .startsWith("Harrell's C on each site's test set and pooled (site pair counts summed); "
                        + "mean and 95 % t-interval over 3 repeats.")
                .contains("Not drawn, undefined: federated fedprox on site2 (undefined in 3 of 3 repeats: "
                        + "no comparable pair in the test set)")
                .doesNotContain("cut there");
        assertThat(named(survival, "learning-fedavg.png").caption())
                .contains("federated fedavg global model after each round").contains("mean over 3 repeats.")
                .contains("isolated (site1), isolated (site2), centralized on the pooled test set");
        assertThat(named(survival, "km-fedavg.png").caption())
                .contains("the union of the sites' test rows in repeat 1 (each patient once; one repeat, not averaged)")
                .contains("tertiles of the risk predicted by the federated fedavg model");
        // no time unit in the experiment: none invented
        assertThat(named(survival, "calibration-fedavg.png").caption()).contains("at time 2 (data's time unit)");

        List<Figure> binary = Figures.draw(fixture("figures-binary-results.json"));
        assertThat(named(binary, "comparison-f1.png").caption()).contains("(site confusion matrices summed)");
        assertThat(named(binary, "learning-fedavg.png").caption())
                .contains("mean over 3 repeats x 3 evaluation folds where defined");
        assertThat(named(binary, "roc.png").caption()).contains("out-of-fold predictions")
                .contains("The legend gives the AUC of this curve, which therefore differs from the AUC in the tables")
                .contains("size-weighted mean of the folds' AUCs");
    }

    @Test
    void aMeanOverFewerRepeatsIsSaidSoAndAnIntervalPastOneIsSaidCut() throws IOException {
        ObjectNode results = (ObjectNode) fixture("figures-survival-results.json");
        for (JsonNode row : results.path("summary")) {
            if ("fedavg".equals(row.path("strategy").asText()) && "site1".equals(row.path("test").asText())) {
                ((ObjectNode) row).put("n", 2).put("undefined", 1).put("ci_high", 1.4);
            }
        }
        assertThat(named(Figures.draw(results), "comparison-c-index.png").caption())
                .contains("Over fewer repeats: federated fedavg on site1 (2 of 3 repeats defined).")
                .contains("Intervals reaching past 0 or 1 are cut there (arrow heads).");
    }

    @Test
    void aMetricNameThatIsNoFileNameBecomesOneInsteadOfFailing() throws IOException {
        ObjectNode results = (ObjectNode) fixture("figures-survival-results.json");
        for (JsonNode row : results.path("summary")) {
            ((ObjectNode) row).put("metric", "C Index/TD");
        }
        results.put("main_metric", "C Index/TD");
        assertThat(files(Figures.draw(results))).startsWith("comparison-c-index-td.png");
    }

    @Test
    void theTimeAxisNamesYearsOnlyForTheBuiltInMdsCohort() throws IOException {
        ObjectNode results = (ObjectNode) fixture("figures-survival-results.json");
        assertThat(new Run(results).timeAxis()).isEqualTo("Time (data's unit)");
        ((ObjectNode) results.path("experiment").path("data")).put("synthetic", "mds");
        assertThat(new Run(results).timeAxis()).isEqualTo("Time (years)");
    }

    @Test
    void aRealShortSimulationGetsAFigurePerPooledMetricAndStrategy(@TempDir Path dir) throws IOException {
        ExperimentConfig config = ExperimentConfig.read(Path.of("..", "examples", "scd-logistic.toml"),
                List.of("repeats=2", "training.rounds=3"));
        ExperimentResult result = new ExperimentRunner(config, line -> { }).run(List.of("test"));
        ResultsWriter.write(result, dir);
        JsonNode results = JSON.readTree(Files.readString(dir.resolve("results.json")));

        List<Figure> figures = Figures.draw(results);
        List<String> files = files(figures);
        assertThat(files).startsWith("comparison-f1.png");
        assertThat(files).contains("comparison-precision.png", "comparison-recall.png", "comparison-accuracy.png");
        for (String strategy : config.strategies()) {
            assertThat(files).contains("learning-" + strategy + ".png");
        }
        assertThat(files.contains("roc.png")).isEqualTo(results.path("curves").path("roc").size() > 0);
        everyFigureDecodesToItsSizeAndIsNotBlank(figures);
    }

    private static void everyFigureDecodesToItsSizeAndIsNotBlank(List<Figure> figures) throws IOException {
        for (Figure f : figures) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(f.png()));
            assertThat(image).as(f.file()).isNotNull();
            assertThat(image.getWidth()).as(f.file()).isEqualTo(f.width());
            assertThat(image.getHeight()).as(f.file()).isEqualTo(f.height());
            Set<Integer> colours = new HashSet<>();
            for (int y = f.height() / 8; y < f.height() * 3 / 4; y++) {
                for (int x = f.width() / 8; x < f.width() * 5 / 8; x++) {
                    colours.add(image.getRGB(x, y) & 0xffffff);
                }
            }
            assertThat(colours.size()).as("distinct colours in the plot area of %s", f.file()).isGreaterThan(50);
        }
    }
}
