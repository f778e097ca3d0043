package org.fedhaem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedhaem.data.SiteRows;
import org.fedhaem.data.Table;
import org.fedhaem.data.TableReader;
import org.fedhaem.experiment.ExperimentConfig;
import org.fedhaem.experiment.SiteSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fedhaem split}: per-site files that partition the experiment's data as its simulation does. */
class SplitCommandTest {
    @TempDir
    Path tmp;

    private Path experiment(String name, String split) throws IOException {
        Path toml = tmp.resolve(name + ".toml");
        Files.writeString(toml, """
                name = "%s"
                task = "survival"
                seed = 7
                repeats = 1
                regimes = ["isolated", "federated"]
                strategies = ["fedavg"]
                [data]
                path = "%s"
                time = "time"
                event = "event"
                %s
                [model]
                type = "cox"
                [training]
                rounds = 2
                local_epochs = 1
                """.formatted(name, CommandLineTest.MGUS2.toAbsolutePath().toString().replace("\\", "/"), split));
        return toml;
    }

    @Test
    void siteFilesHoldExactlyTheSimulationsRowsAsWrittenAndASimulationRunsOnThem() throws IOException {
        Path toml = experiment("mgus", "[split]\nsites = [0.5, 0.3, 0.2]\ntest_fraction = 0.25\n");
        Path out = tmp.resolve("sites");
        Cli cli = Cli.run("split", toml.toString(), "--out", out.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("site1.csv",
                    "site2.csv", "site3.csv");
        }
        List<String> input = Files.readAllLines(CommandLineTest.MGUS2);
        List<String> data = input.subList(1, input.size());
        List<SiteSplit> sites = SiteSplit.ofRepeat(ExperimentConfig.read(toml), 0);
        boolean[] seen = new boolean[data.size()];
        for (SiteSplit s : sites) {
            int[] rows = all(s.rows());
            List<String> expected = new ArrayList<>(List.of(input.get(0)));
            for (int r : rows) {
                expected.add(data.get(r));
                assertThat(seen[r]).as("row %d in two sites", r).isFalse();
                seen[r] = true;
            }
            // The same lines, byte for byte, in data-row order.
            assertThat(Files.readAllLines(out.resolve(s.name() + ".csv"))).isEqualTo(expected);
            assertThat(cli.out()).contains("wrote " + out.resolve(s.name() + ".csv") + "  " + rows.length + " rows");
        }
        for (boolean b : seen) {
            assertThat(b).isTrue();
        }
        assertThat(sites).extracting(s -> s.rows().size()).containsExactly(692, 415, 277);
        assertThat(cli.out()).contains("files = [\"" + out.resolve("site1.csv").toAbsolutePath())
                .contains("test_fraction = 0.25");

        Path onFiles = tmp.resolve("on-files.toml");
        Files.writeString(onFiles, Files.readString(toml).replaceAll("path = \".*\"\n", "")
                .replace("sites = [0.5, 0.3, 0.2]", "files = [\"sites/site1.csv\", \"sites/site2.csv\", "
                        + "\"sites/site3.csv\"]"));
        Cli sim = Cli.run("simulate", onFiles.toString(), "--out", tmp.resolve("run").toString(), "--quiet");
        assertThat(sim.exitCode()).as(sim.err()).isZero();
        assertThat(tmp.resolve("run/results.json")).exists();
        assertThat(Files.readString(tmp.resolve("run/results.json"))).contains("site3.csv");
    }

    @Test
    void countsThatDoNotCoverTheDataWriteNothing() throws IOException {
        Path toml = experiment("mgus", "[split]\nsites = [600, 500]\n");
        Cli cli = Cli.run("split", toml.toString(), "--out", tmp.resolve("c").toString());
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("split.sites: the site counts sum to 1100 but mgus2.csv has 1384 rows");
        assertThat(tmp.resolve("c")).doesNotExist();
    }

    @Test
    void siteColumnNamesTheFilesAndIsMentioned() throws IOException {
        Path data = tmp.resolve("h.csv");
        Files.writeString(data, "hospital,age,time,event\nlyon,60,10,1\nparis,70,5,0\nlyon,65,7,1\nparis,50,3,1\n"
                + "lyon,55,8,0\nparis,45,9,1\n");
        Path toml = experiment("h", "[split]\nsite_column = \"hospital\"\ntest_fraction = 0.34\n")
                .resolveSibling("h.toml");
        Files.writeString(toml, Files.readString(toml).replaceAll("path = \".*\"", "path = \"h.csv\"\nexclude = "
                + "[\"hospital\"]"));
        Cli cli = Cli.run("split", toml.toString(), "--out", tmp.resolve("s").toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(Files.readString(tmp.resolve("s/lyon.csv")))
                .isEqualTo("hospital,age,time,event\nlyon,60,10,1\nlyon,65,7,1\nlyon,55,8,0\n");
        assertThat(Files.readString(tmp.resolve("s/paris.csv")))
                .isEqualTo("hospital,age,time,event\nparis,70,5,0\nparis,50,3,1\nparis,45,9,1\n");
        assertThat(cli.out()).contains("keep the column \"hospital\" out of the features")
                .contains("names the sites of split.files site1, site2... in the order listed");

        Cli again = Cli.run("split", toml.toString(), "--out", tmp.resolve("s").toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains(tmp.resolve("s/lyon.csv") + " exists already");
        assertThat(Cli.run("split", toml.toString(), "--out", tmp.resolve("s").toString(), "--force").exitCode())
                .isZero();

        Files.writeString(data, Files.readString(data).replace("paris,70", "../x,70"));
        Cli bad = Cli.run("split", toml.toString(), "--out", tmp.resolve("t").toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("site name '../x' is not valid").contains("a site file is named after its site");
        assertThat(tmp.resolve("t")).doesNotExist();
    }

    @Test
    void syntheticCohortIsWrittenAsValuesThatReadBackEqual() throws IOException {
        Path out = tmp.resolve("scd");
        Path example = Path.of(System.getProperty("fedhaem.root", ".."), "examples/scd-logistic.toml");
        Cli cli = Cli.run("split", example.toString(), "--out", out.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        ExperimentConfig config = ExperimentConfig.read(example);
        List<SiteSplit> sites = SiteSplit.ofRepeat(config, 0);
        assertThat(sites).extracting(SiteSplit::name).containsExactly("site1", "site2", "site3");
        for (SiteSplit s : sites) {
            Table written = TableReader.read(out.resolve(s.name() + ".csv"), config.data().schema());
            Table expected = s.table().select(all(s.rows()));
            assertThat(written.columns()).isEqualTo(expected.columns());
            for (String c : expected.columns()) {
                assertThat(written.numeric(c)).as(c).containsExactly(expected.numeric(c));
            }
        }
        assertThat(cli.out()).contains("cv_folds = 3");
    }

    private static int[] all(SiteRows s) {
        int[] a = Arrays.copyOf(s.train(), s.size());
        System.arraycopy(s.test(), 0, a, s.train().length, s.test().length);
        Arrays.sort(a);
        return a;
    }
}
