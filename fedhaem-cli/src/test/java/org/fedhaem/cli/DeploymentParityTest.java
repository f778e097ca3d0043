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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.fedhaem.grpc.tls.CertificateDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment's promise: a coordinator and three sites, each a separate JVM started through the command line
 * over mutual TLS on loopback, give the federated metrics and final models of {@code fedhaem simulate} on the same
 * per-site files and seed, to the bit.
 */
class DeploymentParityTest {
    private static final long WAIT_SECONDS = 180;
    private static final List<String> SITES = List.of("site1", "site2", "site3");

    @TempDir
    Path tmp;

    @Test
    void deepSurvDeploymentEqualsTheSimulationBitForBit() throws Exception {
        Path sites = SiteFiles.write(tmp, """
                task = "survival"
                [data]
                synthetic = "mds"
                synthetic_rows = 600
                """);
        Path experiment = experiment("""
                task = "survival"
                [model]
                type = "deepsurv"
                hidden = [8, 8]
                dropout = 0.1
                [training]
                lr = 0.01
                batch_size = 64
                local_epochs = 1
                rounds = 3
                [evaluation]
                times = [1.0, 2.0]
                """, sites, List.of("fedavg", "fedprox"));
        assertParity(experiment, List.of("c_index"), List.of("federated-fedavg", "federated-fedprox"));
    }

    @Test
    void scdLogisticDeploymentEqualsTheSimulationBitForBit() throws Exception {
        Path sites = SiteFiles.write(tmp, """
                task = "binary"
                [data]
                synthetic = "scd"
                synthetic_rows = 900
                """);
        Path experiment = experiment("""
                task = "binary"
                [model]
                type = "logistic"
                [training]
                optimizer = "sgd"
                lr = 0.05
                batch_size = 64
                local_epochs = 1
                rounds = 3
                """, sites, List.of("fedavg"));
        assertParity(experiment, List.of("f1", "precision", "recall", "accuracy", "auc"),
                List.of("federated-fedavg"));
    }

    /** The experiment both commands run: the per-site files, two repeats, the federated regime. */
    private Path experiment(String body, Path sites, List<String> strategies) throws IOException {
        Path toml = tmp.resolve("experiment.toml");
        List<String> files = new ArrayList<>();
        for (String s : SITES) {
            files.add("\"" + sites.resolve(s + ".csv").toAbsolutePath().toString().replace("\\", "/") + "\"");
        }
        String head = """
                name = "parity"
                seed = 5
                repeats = 2
                regimes = ["federated"]
                strategies = [%s]
                """.formatted(String.join(", ", strategies.stream().map(s -> "\"" + s + "\"").toList()));
        int split = body.indexOf("\n[");
        Files.writeString(toml, head + body.substring(0, split + 1) + """
                [split]
                files = [%s]
                test_fraction = 0.25
                [federation]
                sites = ["site1", "site2", "site3"]
                round_deadline_s = 120
                [strategy.fedprox]
                mu = 0.1
                """.formatted(String.join(", ", files)) + body.substring(split + 1));
        return toml;
    }

    private void assertParity(Path experiment, List<String> siteMetrics, List<String> models) throws Exception {
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
        Path deployed = tmp.resolve("deployed");
        List<Process> processes = new ArrayList<>();
        try {
            Process serve = start("serve", "serve", experiment.toString(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--tls-dir", tls.toString(), "--out", deployed.toString(), "--wait",
                    "120");
            processes.add(serve);
            for (String s : SITES) {
                processes.add(start(s, "site", "--coordinator", "127.0.0.1:" + port, "--name", s, "--data",
                        tmp.resolve("sites").resolve(s + ".csv").toString(), "--tls-dir", tls.toString()));
            }
            for (int i = 0; i < processes.size(); i++) {
                Process p = processes.get(i);
                String label = i == 0 ? "serve" : SITES.get(i - 1);
                assertThat(p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as(label + " finished; log:\n" + log(label))
                        .isTrue();
                assertThat(p.exitValue()).as(label + " exit code; log:\n" + log(label)).isZero();
            }
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
            }
        }
        assertThat(log("serve")).contains("the sites were told goodbye");
        assertThat(log("site2")).contains("the coordinator said goodbye");
        assertAuditLog(deployed);
        assertThat(log("serve")).contains("report in " + deployed.resolve("report.html"));

        Path simulated = tmp.resolve("simulated");
        Cli sim = Cli.run("simulate", experiment.toString(), "--out", simulated.toString(), "--quiet");
        assertThat(sim.exitCode()).as(sim.err()).isZero();

        Map<String, String> fromDeployment = metrics(deployed);
        Map<String, String> fromSimulation = metrics(simulated);
        // Every row the deployment reports: each site's metrics and the pooled ones, every repeat and strategy.
        List<String> pooledMetrics = siteMetrics.contains("auc") ? siteMetrics.subList(0, 4) : siteMetrics;
        int strategies = models.size();
        assertThat(fromDeployment).hasSize(2 * strategies * (3 * siteMetrics.size() + pooledMetrics.size()));
        for (Map.Entry<String, String> e : fromDeployment.entrySet()) {
            assertThat(e.getValue()).as(e.getKey()).isNotEqualTo("null");
            assertThat(fromSimulation).as(e.getKey()).containsEntry(e.getKey(), e.getValue());
        }
        // The learning curves (per-site and pooled evaluations in every round) and the final models.
        assertThat(rounds(deployed)).isEqualTo(rounds(simulated)).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        for (int r = 1; r <= 2; r++) {
            for (String model : models) {
                Path file = Path.of("models", "repeat" + r, model + ".json");
                JsonNode a = json.readTree(deployed.resolve(file).toFile());
                JsonNode b = json.readTree(simulated.resolve(file).toFile());
                for (String part : List.of("parameters", "preprocessing", "baseline_hazard")) {
                    // Jackson writes the shortest text that reads back as the same double: equal text is equal bits.
                    assertThat(String.valueOf(a.get(part))).as(file + " " + part)
                            .isEqualTo(String.valueOf(b.get(part)));
                }
                assertThat(a.get("parameters").size()).isPositive();
            }
        }
    }

    /** serve's audit log names every site's fit instructions and replies, and no cell of the sites' files. */
    private void assertAuditLog(Path run) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("audit.jsonl"));
        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> kinds = new TreeMap<>();
        for (String line : lines) {
            JsonNode e = json.readTree(line);
            kinds.merge(e.get("direction").asText() + " " + e.get("site").asText() + " " + e.get("kind").asText(),
                    1, Integer::sum);
        }
        for (String s : SITES) {
            assertThat(kinds).containsEntry("from_site " + s + " register", 1)
                    .containsEntry("to_site " + s + " goodbye", 1);
            assertThat(kinds.get("to_site " + s + " fit")).isPositive()
                    .isEqualTo(kinds.get("from_site " + s + " fit_reply"));
            assertThat(kinds.get("to_site " + s + " evaluate")).isPositive()
                    .isEqualTo(kinds.get("from_site " + s + " evaluate_reply"));
        }
        // Decimal cells only: integers could be any round, size or count; the time's fraction could be any decimal.
        for (String s : SITES) {
            List<String> rows = Files.readAllLines(tmp.resolve("sites").resolve(s + ".csv"));
            for (String row : rows.subList(1, rows.size())) {
                for (String cell : row.split(",")) {
                    if (cell.contains(".")) {
                        for (String line : lines) {
                            assertThat(line.replaceFirst("\"time\":\"[^\"]*\"", "")).doesNotContain(cell);
                        }
                    }
                }
            }
        }
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

    /** The federated metric rows of a run directory, keyed by repeat, strategy, test set and metric. */
    private static Map<String, String> metrics(Path run) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode m : new ObjectMapper().readTree(run.resolve("results.json").toFile()).get("metrics")) {
            if (m.get("regime").asText().equals("federated")) {
                out.put(m.get("repeat").asText() + " " + m.get("strategy").asText() + " " + m.get("test").asText()
                        + " " + m.get("metric").asText(), m.get("value").toString());
            }
        }
        return out;
    }

    private static String rounds(Path run) throws IOException {
        return new ObjectMapper().readTree(run.resolve("results.json").toFile()).get("rounds").toString();
    }
}
