package org.fedhaem.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @TempDir
    Path dir;

    private void results(Object json) throws IOException {
        new ObjectMapper().writeValue(dir.resolve("results.json").toFile(), json);
    }

    @Test
    void writesEveryChartAndThePageWholeLeavingNoTemporaryFile() throws IOException {
        results(Fixtures.binary());
        Figure comparison = Fixtures.figure("comparison-f1.png", "F1", 60, 40);
        Figure roc = Fixtures.figure("roc.png", "ROC", 30, 30);
        Files.writeString(dir.resolve("report.html"), "an older report");
        Report.write(dir, ResultsFile.read(dir.resolve("results.json")), List.of(comparison, roc));

        assertThat(Files.readAllBytes(dir.resolve("comparison-f1.png"))).isEqualTo(comparison.png());
        BufferedImage image = ImageIO.read(dir.resolve("roc.png").toFile());
        assertThat(image.getWidth()).isEqualTo(30);
        assertThat(image.getHeight()).isEqualTo(30);
        assertThat(Files.readString(dir.resolve("report.html"))).startsWith("<!DOCTYPE html>")
                .contains("<h1>scd-test</h1>").contains("id=\"roc.png\"").endsWith("</html>\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("results.json",
                    "report.html", "comparison-f1.png", "roc.png");
        }
    }

    @Test
    void thePublicEntryPointReadsTheRunDirectory() throws IOException {
        results(Fixtures.survival());
        Report.write(dir);
        assertThat(Files.readString(dir.resolve(Report.FILE_NAME))).contains("<h1>mds-test</h1>")
                .contains("id=\"metric-c_index\"");
        for (Figure f : Figures.draw(ResultsFile.read(dir.resolve("results.json")))) {
            assertThat(dir.resolve(f.file())).exists();
        }
    }

    @Test
    void aMissingRunDirectoryOrResultsFileIsNamed() {
        Path nowhere = dir.resolve("nowhere");
        assertThatThrownBy(() -> Report.write(nowhere)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(nowhere + ": no such run directory");
        assertThatThrownBy(() -> Report.write(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(dir.resolve("results.json") + ": no such file");
        assertThat(dir.resolve("report.html")).doesNotExist();
    }

    @Test
    void malformedJsonIsReportedWithItsLineAndColumnAndNothingIsWritten() throws IOException {
        Files.writeString(dir.resolve("results.json"), "{\n  \"sites\": [\"site1\",\n  oops\n}\n");
        assertThatThrownBy(() -> Report.write(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(dir.resolve("results.json") + ": not valid JSON at line 3, column ")
                .hasMessageContaining("oops");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("results.json");
        }
    }

    @Test
    void jsonThatIsNotAResultsFileSaysWhatIsMissing() throws IOException {
        results(List.of(1, 2));
        assertThatThrownBy(() -> Report.write(dir)).hasMessage(dir.resolve("results.json")
                + ": not a fedhaem results file (expected a JSON object)");
        var noSummary = Fixtures.binary();
        noSummary.remove("summary");
        results(noSummary);
        assertThatThrownBy(() -> Report.write(dir)).hasMessage(dir.resolve("results.json")
                + ": not a fedhaem results file: 'summary' must be an array, got nothing");
    }
}
