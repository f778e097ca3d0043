package org.fedhaem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment's promise, on the two example experiments as they are in {@code examples/}: {@code fedhaem split}
 * writes their per-site files, then a coordinator and three sites, each a separate JVM started through the command
 * line over mutual TLS on loopback, give the metric rows (isolated and federated, per site and pooled), the learning
 * curves and the saved models of {@code fedhaem simulate} on the same per-site files and seed, to the bit. Only
 * repeats, rounds and local epochs are reduced (with {@code --set}, the same for both commands) to keep the test
 * short: MDS DeepSurv with 1 repeat of 2 rounds of 2 local epochs, SCD logistic regression with 1 repeat (its 3-fold
 * cross-validation twice: 6 folds) of 3 rounds; both with the example's 4 strategies and isolated models. Measured
 * on an idle 2-core machine: 19 s and 22 s (the SCD folds' time goes mostly to the exact pooled median's rank
 * queries: 62 exchanges per fold).
 */
class DeploymentParityTest {
    private static final List<String> SITES = SiteFiles.SITES;
    private static final Path EXAMPLES = Path.of(System.getProperty("fedhaem.root", ".."), "examples");

    @TempDir
    Path tmp;

    @Test
    void theMdsDeepSurvExampleDeployedEqualsItsSimulationBitForBit() throws Exception {
        // 1 repeat x 7 models (3 isolated, 4 federated) x (3 sites + pooled) x c_index.
        assertParity(EXAMPLES.resolve("mds-deepsurv.toml"), List.of("repeats=1", "training.rounds=2",
                "training.local_epochs=2"), 1, 28);
    }

    @Test
    void theScdLogisticExampleWithCrossValidationDeployedEqualsItsSimulationBitForBit() throws Exception {
        // 1 repeat (6 folds) x 7 models x (3 sites x (f1, precision, recall, accuracy, auc) + pooled without auc).
        assertParity(EXAMPLES.resolve("scd-logistic.toml"), List.of("repeats=1", "training.rounds=3"), 1,
                7 * (3 * 5 + 4));
    }

    /**
     * Splits {@code example} into per-site files, deploys and simulates it on them with {@code reduced} overrides,
     * and compares: {@code rows} metric rows, every learning-curve row and every saved model of the deployment.
     */
    private void assertParity(Path example, List<String> reduced, int repeats, int rows) throws Exception {
        Path sites = tmp.resolve("sites");
        Cli split = Cli.run("split", example.toString(), "--out", sites.toString());
        assertThat(split.exitCode()).as(split.err()).isZero();
        // What split's replacement [split] block says (files for the cohort and its split), and the federation.
        List<String> overrides = new ArrayList<>(List.of("split.files=[" + SiteFiles.tomlList(sites) + "]",
                "federation.sites=[\"site1\", \"site2\", \"site3\"]", "federation.round_deadline_s=120"));
        overrides.addAll(reduced);
        List<String> sets = new ArrayList<>();
        for (String o : overrides) {
            sets.addAll(List.of("--set", o));
        }

        Path deployed = tmp.resolve("deployed");
        SiteProcesses jvms = new SiteProcesses(tmp);
        try (jvms) {
            List<String> serve = new ArrayList<>(List.of("--out", deployed.toString()));
            serve.addAll(sets);
            Process coordinator = jvms.serve("serve", example, serve.toArray(String[]::new));
            List<Process> agents = jvms.sites(sites);
            jvms.assertFinishes("serve", coordinator);
            jvms.assertSitesFinish(agents);
        }
        assertThat(jvms.log("serve")).contains("the sites were told goodbye")
                .contains("the centralized regime is skipped");
        assertThat(jvms.log("site2")).contains("the coordinator said goodbye");
        assertAuditLog(deployed);
        assertThat(jvms.log("serve")).contains("report in " + deployed.resolve("report.html"));

        Path simulated = tmp.resolve("simulated");
        List<String> simulate = new ArrayList<>(List.of("simulate", example.toString(), "--out",
                simulated.toString(), "--quiet"));
        simulate.addAll(sets);
        Cli sim = Cli.run(simulate.toArray(String[]::new));
        assertThat(sim.exitCode()).as(sim.err()).isZero();

        Map<String, String> fromDeployment = metrics(deployed);
        Map<String, String> fromSimulation = metrics(simulated);
        // Every row the deployment reports: each model's per-site and pooled metrics, every repeat.
        assertThat(fromDeployment).hasSize(rows);
        // Every federated model's pooled figure is defined (a small site's isolated F1 may not be).
        assertThat(fromDeployment).allSatisfy((key, value) -> {
            if (key.contains(" federated ") && key.contains(" pooled ")) {
                assertThat(value).as(key).doesNotStartWith("null");
            }
        });
        assertThat(fromDeployment.keySet()).anyMatch(k -> k.contains(" federated ") && k.contains(" pooled "));
        for (Map.Entry<String, String> e : fromDeployment.entrySet()) {
            assertThat(fromSimulation).as(e.getKey()).containsEntry(e.getKey(), e.getValue());
        }
        // The learning curves (per-site and pooled evaluations in every round of every fold) and the models.
        assertThat(rounds(deployed)).isEqualTo(rounds(simulated)).isNotEmpty();
        List<Path> models = models(deployed);
        // Per repeat: 3 isolated and 4 federated models (the first fold's, as the simulation keeps them).
        assertThat(models).hasSize(7 * repeats);
        ObjectMapper json = new ObjectMapper();
        for (Path file : models) {
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

    /** The saved model files of a run directory, relative to it. */
    private static List<Path> models(Path run) throws IOException {
        try (Stream<Path> files = Files.walk(run.resolve("models"))) {
            return files.filter(Files::isRegularFile).map(run::relativize).sorted().toList();
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
        Set<String> cells = new HashSet<>();
        for (String s : SITES) {
            List<String> rows = Files.readAllLines(tmp.resolve("sites").resolve(s + ".csv"));
            for (String row : rows.subList(1, rows.size())) {
                for (String cell : row.split(",")) {
                    if (cell.contains(".")) {
                        cells.add(cell);
                    }
                }
            }
        }
        assertThat(cells).isNotEmpty();
        for (String line : lines) {
            String withoutTime = line.replaceFirst("\"time\":\"[^\"]*\"", "");
            for (String cell : cells) {
                assertThat(withoutTime).doesNotContain(cell);
            }
        }
    }

    /** The metric rows of a run directory, keyed by repeat, model, test set and metric. */
    private static Map<String, String> metrics(Path run) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode m : new ObjectMapper().readTree(run.resolve("results.json").toFile()).get("metrics")) {
            out.put(m.get("repeat").asText() + " " + m.get("regime").asText() + " " + m.get("strategy").asText()
                    + " " + m.get("trained_on").asText() + " " + m.get("test").asText() + " "
                    + m.get("metric").asText(), m.get("value") + " " + m.get("undefined_reason"));
        }
        return out;
    }

    private static String rounds(Path run) throws IOException {
        return new ObjectMapper().readTree(run.resolve("results.json").toFile()).get("rounds").toString();
    }
}
