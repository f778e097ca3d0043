package org.fedhaem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fedhaem.experiment.Checkpoint;
import org.fedhaem.experiment.DeployedSite;
import org.fedhaem.experiment.ExperimentConfig;
import org.fedhaem.experiment.ExperimentResult;
import org.fedhaem.experiment.ExperimentRunner;
import org.fedhaem.experiment.ResultsWriter;
import org.fedhaem.grpc.tls.CertificateDirectory;
import org.fedhaem.simulation.InMemoryFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: the coordinator ({@code fedhaem serve}, a separate JVM) is killed with SIGKILL in the middle of a
 * run, three site agents (separate JVMs, mutual TLS on loopback) keep running and reconnect by themselves to the
 * coordinator restarted with {@code --resume} on the same port, and the run directory ends as that of a deployment
 * that was never interrupted, to the bit.
 */
class DeploymentCrashTest {
    private static final long WAIT_SECONDS = 180;
    private static final List<String> SITES = List.of("site1", "site2", "site3");
    private static final List<String> MODELS = List.of("federated-fedavg", "federated-fedadam");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aKilledCoordinatorResumedOnTheSamePortFinishesAsAnUninterruptedRun() throws Exception {
        Path experiment = experiment();
        Path tls = tmp.resolve("tls");
        CertificateDirectory certs = new CertificateDirectory(tls);
        certs.init(List.of(), false);
        for (String s : SITES) {
            certs.issueSite(s, false);
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path run = tmp.resolve("run");
        List<Process> processes = new ArrayList<>();
        try {
            Process first = serve("serve1", experiment, port, "--out", run.toString());
            processes.add(first);
            for (String s : SITES) {
                processes.add(start(s, "site", "--coordinator", "127.0.0.1:" + port, "--name", s, "--data",
                        tmp.resolve("sites").resolve(s + ".csv").toString(), "--tls-dir", tls.toString()));
            }
            // Kill once three rounds are checkpointed: the run is then in its middle (15 rounds
            // of each of two strategies).
            Checkpoint seen = null;
            while (seen == null || seen.round() < 3) {
                assertThat(first.isAlive()).as("the coordinator still runs; log:\n" + log("serve1")).isTrue();
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
            Process second = serve("serve2", experiment, port, "--resume", run.toString());
            processes.add(second);
            List<String> labels = new ArrayList<>(List.of("serve2"));
            labels.addAll(SITES);
            List<Process> rest = new ArrayList<>(List.of(second));
            rest.addAll(processes.subList(1, 4));
            for (int i = 0; i < rest.size(); i++) {
                String label = labels.get(i);
                assertThat(rest.get(i).waitFor(WAIT_SECONDS, TimeUnit.SECONDS))
                        .as(label + " finished; log:\n" + log(label)).isTrue();
                assertThat(rest.get(i).exitValue()).as(label + " exit code; log:\n" + log(label)).isZero();
            }
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
            }
        }
        assertThat(log("serve2")).contains("resuming").contains("the sites were told goodbye");
        for (String s : SITES) {
            assertThat(log(s)).as(s).contains("retrying in").contains("the coordinator said goodbye");
        }
        assertThat(run.resolve(Checkpoint.FILE_NAME)).doesNotExist();
        assertAuditLogReadable(run);

        Path whole = tmp.resolve("whole");
        ResultsWriter.write(uninterrupted(experiment), whole);
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

    /** The same experiment deployed in this process over an in-memory fleet, never interrupted. */
    private ExperimentResult uninterrupted(Path experiment) {
        ExperimentConfig config = ExperimentConfig.read(experiment);
        List<DeployedSite> sites = new ArrayList<>();
        for (String s : SITES) {
            sites.add(DeployedSite.open(config, s, tmp.resolve("sites").resolve(s + ".csv")));
        }
        try (InMemoryFleet fleet = new InMemoryFleet(sites, 2)) {
            return new ExperimentRunner(config, line -> { }).deploy(fleet, List.of("test"));
        }
    }

    private static Checkpoint checkpoint(Path run) {
        return Files.exists(run.resolve(Checkpoint.FILE_NAME)) ? Checkpoint.read(run) : null;
    }

    private Path experiment() throws IOException {
        Path sites = SiteFiles.write(tmp, """
                task = "binary"
                [data]
                synthetic = "scd"
                synthetic_rows = 600
                """);
        List<String> files = new ArrayList<>();
        for (String s : SITES) {
            files.add("\"" + sites.resolve(s + ".csv").toAbsolutePath().toString().replace("\\", "/") + "\"");
        }
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
                """.formatted(String.join(", ", files)));
        return toml;
    }

    private Process serve(String label, Path experiment, int port, String... run) throws IOException {
        List<String> args = new ArrayList<>(List.of("serve", experiment.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--tls-dir", tmp.resolve("tls").toString(), "--wait", "120"));
        args.addAll(List.of(run));
        return start(label, args.toArray(String[]::new));
    }

    private Process start(String label, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "org.fedhaem.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(label + ".log").toFile()).start();
    }

    private String log(String label) {
        try {
            return Files.readString(tmp.resolve(label + ".log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
