package org.fedhaem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fedhaem report RUNDIR} and the report simulate writes at the end of a real (short) run. */
class ReportCommandTest {
    private static final String TINY = """
            name = "tiny <report>"
            task = "survival"
            seed = 11
            repeats = 2
            strategies = ["fedavg", "fedprox"]

            [data]
            synthetic = "mds"
            synthetic_rows = 300

            [split]
            sites = [0.5, 0.3, 0.2]
            test_fraction = 0.25

            [model]
            type = "deepsurv"
            hidden = [4]

            [training]
            lr = 0.01
            batch_size = 64
            local_epochs = 1
            rounds = 2
            """;

    @TempDir
    static Path shared;
    static Path run;
    static Cli simulate;

    @TempDir
    Path dir;

    @BeforeAll
    static void simulateOnce() throws IOException {
        Path file = shared.resolve("tiny.toml");
        Files.writeString(file, TINY);
        run = shared.resolve("run");
        simulate = Cli.run("simulate", file.toString(), "--out", run.toString(), "--quiet");
    }

    @Test
    void simulateWritesTheReportWithEveryModelSiteAndSummaryValue() throws IOException {
        assertThat(simulate.exitCode()).as(simulate.err()).isZero();
        assertThat(simulate.out()).endsWith("report in " + run.resolve("report.html") + "\n");
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("<h1>tiny &lt;report&gt;</h1>");
        JsonNode results = new ObjectMapper().readTree(run.resolve("results.json").toFile());
        for (String label : List.of("isolated (site1)", "isolated (site2)", "isolated (site3)", "federated fedavg",
                "federated fedprox", "centralized")) {
            assertThat(html).contains("<tr><th scope=\"row\">" + label + "</th>");
        }
        for (String site : List.of("site1", "site2", "site3")) {
            assertThat(html).contains("<th>" + site + "</th>");
        }
        int values = 0;
        for (JsonNode s : results.get("summary")) {
            if (s.get("mean").isNumber()) {
                assertThat(html).contains(String.format(Locale.ROOT, "%.4f<br><span class=\"ci\">[%.4f, %.4f]</span>",
                        s.get("mean").asDouble(), s.get("ci_low").asDouble(), s.get("ci_high").asDouble()));
                values++;
            }
        }
        assertThat(values).isGreaterThan(40);
        assertNoTemporaryFiles(run);
    }

    @Test
    void reportRebuildsThePageFromResultsJsonAndPrintsItsPath() throws IOException {
        assertThat(simulate.exitCode()).as(simulate.err()).isZero();
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        Files.copy(run.resolve("results.json"), copy.resolve("results.json"));
        Cli cli = Cli.run("report", copy.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).isEqualTo(copy.resolve("report.html") + "\n");
        // The same results give the same page, to the byte.
        assertThat(Files.readString(copy.resolve("report.html"))).isEqualTo(Files.readString(
                run.resolve("report.html")));
        assertNoTemporaryFiles(copy);
    }

    @Test
    void aMissingFolderOrResultsFileIsAUsageError() throws IOException {
        Cli missing = Cli.run("report", dir.resolve("nowhere").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("RUNDIR " + dir.resolve("nowhere") + ": no such folder");
        Cli empty = Cli.run("report", dir.toString());
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("RUNDIR " + dir + ": no results.json");
        assertThat(Cli.run("report").exitCode()).isEqualTo(2);
    }

    @Test
    void malformedResultsAreBadDataNamingFileLineAndColumn() throws IOException {
        Files.writeString(dir.resolve("results.json"), "{\"sites\": [\n1,,\n");
        Cli cli = Cli.run("report", dir.toString());
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).startsWith("fedhaem: " + dir.resolve("results.json") + ": not valid JSON at line 2, "
                + "column ").doesNotContain("at org.");
        assertThat(dir.resolve("report.html")).doesNotExist();
    }

    @Test
    void aFailedReportKeepsTheResultsAndSaysSo() throws IOException {
        Path out = dir.resolve("run");
        // report.html cannot replace a non-empty folder of that name.
        Files.createDirectories(out.resolve("report.html"));
        Files.writeString(out.resolve("report.html").resolve("keep"), "x");
        Path file = dir.resolve("tiny.toml");
        Files.writeString(file, TINY);
        Cli cli = Cli.run("simulate", file.toString(), "--out", out.toString(), "--quiet", "--set", "repeats=1",
                "--set", "regimes=[\"federated\"]", "--set", "strategies=[\"fedavg\"]");
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.out()).contains("federated fedavg").contains("results in " + out);
        assertThat(cli.err()).startsWith("fedhaem: the report failed (").contains("fedhaem report " + out);
        assertThat(out.resolve("results.json")).isRegularFile();
        assertThat(out.resolve("metrics.csv")).isRegularFile();
        assertNoTemporaryFiles(out);
    }

    private static void assertNoTemporaryFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
