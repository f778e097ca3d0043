package org.fedhaem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fedhaem.experiment.Checkpoint;
import org.fedhaem.experiment.ExperimentConfig;
import org.fedhaem.experiment.ResultsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: the coordinator ({@code fedhaem serve}, a separate JVM) is killed with SIGKILL in the middle of a
 * run, three site agents (separate JVMs, mutual TLS on loopback) keep running and reconnect by themselves to the
 * coordinator restarted with {@code --resume} on the same port, and the run directory ends as that of a deployment
 * that was never interrupted, to the bit.
 */
class DeploymentCrashTest {
    private static final List<String> SITES = SiteFiles.SITES;
    private static final List<String> MODELS = List.of("federated-fedavg", "federated-fedadam");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aKilledCoordinatorResumedOnTheSamePortFinishesAsAnUninterruptedRun() throws Exception {
        Path experiment = experiment();
        Path run = tmp.resolve("run");
        SiteProcesses jvms = new SiteProcesses(tmp);
        try (jvms) {
            Process first = jvms.serve("serve1", experiment, "--out", run.toString());
            List<Process> sites = jvms.sites(tmp.resolve("sites"));
            // Kill once three rounds are checkpointed: the run is then in its middle (15 rounds
            // of each of two strategies).
            Checkpoint seen = null;
            while (seen == null || seen.round() < 3) {
                assertThat(first.isAlive()).as("the coordinator still runs; log:\n" + jvms.log("serve1")).isTrue();
                Thread.sleep(5);
                seen = checkpoint(run);
            }
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
            Checkpoint left = Checkpoint.read(run);
            assertThat(run.resolve("results.json")).doesNotExist();
            assertThat(left.strategy() * 15 + left.round()).as("checkpointed rounds at the kill").isBetween(3, 29);

            // The sites are not restarted: they must find the new coordinator by themselves.
            jvms.assertFinishes("serve2", jvms.serve("serve2", experiment, "--resume", run.toString()));
            jvms.assertSitesFinish(sites);
        }
        assertThat(jvms.log("serve2")).contains("resuming").contains("the sites were told goodbye");
        for (String s : SITES) {
            assertThat(jvms.log(s)).as(s).contains("retrying in").contains("the coordinator said goodbye");
        }
        assertThat(run.resolve(Checkpoint.FILE_NAME)).doesNotExist();
        assertAuditLogReadable(run);

        // The same experiment deployed in this process, never interrupted.
        Path whole = tmp.resolve("whole");
        ExperimentConfig config = ExperimentConfig.read(experiment);
        ResultsWriter.write(InProcessDeployment.deploy(config, tmp.resolve("sites")), whole);
        JsonNode resumed = JSON.readTree(run.resolve("results.json").toFile());
        JsonNode expected = JSON.readTree(whole.resolve("results.json").toFile());
        assertThat(resumed.get("metrics").size()).isPositive();
        assertThat(resumed.get("metrics")).isEqualTo(expected.get("metrics"));
        assertThat(resumed.get("rounds").size()).isPositive();
        assertThat(resumed.get("rounds")).isEqualTo(expected.get("rounds"));
        for (String model : MODELS) {
            Path file = Path.of("models", "repeat1", model + ".json");
            JsonNode a = JSON.readTree(run.resolve(file).toFile());
            JsonNode b = JSON.readTree(whole.resolve(file).toFile());
            assertThat(a.get("parameters").size()).isPositive();
            for (String part : List.of("parameters", "preprocessing")) {
                // Jackson writes the shortest text that reads back as the same double: equal text is equal bits.
                assertThat(String.valueOf(a.get(part))).as(file + " " + part).isEqualTo(String.valueOf(b.get(part)));
            }
        }
    }

    /** Both coordinators' lines are whole JSON objects; each site registered with each coordinator. */
    private static void assertAuditLogReadable(Path run) throws IOException {
        int registers = 0;
        for (String line : Files.readAllLines(run.resolve("audit.jsonl"))) {
            JsonNode e = JSON.readTree(line);
            assertThat(e.isObject()).as(line).isTrue();
            if (e.get("kind").asText().equals("register")) {
                registers++;
            }
        }
        assertThat(registers).isEqualTo(2 * SITES.size());
    }

    private static Checkpoint checkpoint(Path run) {
        return Files.exists(run.resolve(Checkpoint.FILE_NAME)) ? Checkpoint.read(run) : null;
    }

    private Path experiment() throws IOException {
        Path sites = SiteFiles.write(tmp, SiteFiles.SCD);
        Path toml = tmp.resolve("experiment.toml");
        Files.writeString(toml, """
                name = "crash"
                seed = 5
                repeats = 1
                task = "binary"
                regimes = ["federated"]
                strategies = ["fedavg", "fedadam"]
                [model]
                type = "logistic"
                [training]
                optimizer = "sgd"
                lr = 0.05
                batch_size = 64
                local_epochs = 1
                rounds = 15
                [split]
                files = [%s]
                test_fraction = 0.25
                [federation]
                sites = ["site1", "site2", "site3"]
                round_deadline_s = 120
                """.formatted(SiteFiles.tomlList(sites)));
        return toml;
    }
}
