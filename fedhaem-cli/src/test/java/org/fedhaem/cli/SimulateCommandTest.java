package org.fedhaem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fedhaem simulate} as a user runs it: progress, the final table, the run directory, and its errors. */
class SimulateCommandTest {
    private static final String TINY = """
            name = "tiny"
            task = "survival"
            seed = 5
            repeats = 2
            strategies = ["fedavg", "fedprox", "fednova"]

            [data]
            synthetic = "mds"
            synthetic_rows = 400

            [split]
            sites = [0.5, 0.3, 0.2]
            test_fraction = 0.25

            [model]
            type = "deepsurv"
            hidden = [4]

            [training]
            lr = 0.01
            batch_size = 64
            local_epochs = 2
            rounds = 4
            """;

    @TempDir
    Path dir;

    private Path experiment() throws IOException {
        Path file = dir.resolve("tiny.toml");
        Files.writeString(file, TINY);
        return file;
    }

    @Test
    void runsWithOverridesPrintsTheTableAndWritesTheRunDirectory() throws IOException {
        Path out = dir.resolve("run");
        Cli cli = Cli.run("simulate", experiment().toString(), "--out", out.toString(), "--set", "training.rounds=3",
                "--set", "strategies=[\"fedavg\",\"fedprox\"]");
        assertThat(cli.exitCode()).as(cli.err()).isZero();

        // Progress on stderr: every round of every strategy, with the sites that replied.
        assertThat(cli.err()).contains("repeat 2/2 · federated fedprox · round 3/3 · sites 3/3 · pooled C ")
                .contains("repeat 1/2 · isolated site3 · pooled C ").contains("repeat 2/2 · centralized · pooled C ")
                .doesNotContain("round 4/").doesNotContain("fednova");

        // The table: one row per regime and strategy (isolated per site), one column per test set.
        List<String> lines = cli.out().lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.trim().startsWith("pooled")).findFirst()
                .orElseThrow());
        assertThat(lines.get(header).trim().split("\\s+")).containsExactly("pooled", "union", "site1", "site2",
                "site3");
        assertThat(lines.get(header - 1)).startsWith("Harrell's C (mean ± SD over 2 repeats");
        List<String> rows = lines.subList(header + 1, header + 7);
        assertThat(rows.stream().map(l -> l.substring(0, 24).trim()).toList()).containsExactly("isolated (site1)",
                "isolated (site2)", "isolated (site3)", "federated fedavg", "federated fedprox", "centralized");
        for (String row : rows) {
            // five cells "0.xxxx ± 0.xxxx"
            assertThat(row.split("±")).as(row).hasSize(6);
        }
        assertThat(cli.out()).contains("results in " + out);

        for (String f : List.of("results.json", "metrics.csv", "rounds.csv", "experiment.toml",
                "models/repeat1/federated-fedprox.json", "models/repeat2/isolated-site3.json",
                "models/repeat2/centralized.json")) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        // The experiment as run: with the overrides applied, and the command line in the provenance.
        assertThat(results.get("experiment").get("training").get("rounds").asInt()).isEqualTo(3);
        assertThat(results.get("experiment").get("strategies").toString()).isEqualTo("[\"fedavg\",\"fedprox\"]");
        assertThat(results.get("provenance").get("command_line").toString()).contains("training.rounds=3");
        assertThat(Files.readString(out.resolve("experiment.toml"))).contains("rounds = 3");

        // A kept model scores new patients through `fedhaem predict`.
        Path patients = dir.resolve("patients.csv");
        Path pred = dir.resolve("pred.csv");
        Cli synth = Cli.run("synth", "mds", "--n", "5", "--seed", "9", "--out", patients.toString());
        assertThat(synth.exitCode()).as(synth.err()).isZero();
        Cli predict = Cli.run("predict", "--model", out.resolve("models/repeat1/federated-fedavg.json").toString(),
                "--data", patients.toString(), "--out", pred.toString(), "--times", "2");
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        assertThat(Files.readAllLines(pred)).hasSize(6).first().isEqualTo("row,risk,surv_2");
    }

    @Test
    void quietPrintsOnlyTheTable() throws IOException {
        Cli cli = Cli.run("simulate", experiment().toString(), "--out", dir.resolve("q").toString(), "--quiet",
                "--set", "repeats=1", "--set", "regimes=[\"federated\"]");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err()).isEmpty();
        assertThat(cli.out()).contains("federated fednova").doesNotContain("isolated").doesNotContain("centralized");
    }

    @Test
    void badOverrideKeyIsNamed() throws IOException {
        Path out = dir.resolve("bad");
        Cli cli = Cli.run("simulate", experiment().toString(), "--out", out.toString(), "--set", "training.roundz=3");
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).startsWith("fedhaem: ").contains("tiny.toml").contains("training.roundz")
                .contains("unknown key").doesNotContain("at org.");
        assertThat(out).doesNotExist();

        Cli value = Cli.run("simulate", experiment().toString(), "--out", out.toString(), "--set", "training.lr=-1");
        assertThat(value.exitCode()).isEqualTo(1);
        assertThat(value.err()).contains("training.lr").contains("--set training.lr=-1");
        assertThat(out).doesNotExist();
    }

    @Test
    void missingExperimentFileIsAClearError() {
        Path missing = dir.resolve("nope.toml");
        Cli cli = Cli.run("simulate", missing.toString(), "--out", dir.resolve("x").toString());
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("fedhaem: " + missing + ": cannot read the experiment file: it does not "
                + "exist\n");
    }
}
