package org.fedhaem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.fedhaem.experiment.Checkpoint;
import org.fedhaem.experiment.DeployedSite;
import org.fedhaem.experiment.ExperimentConfig;
import org.fedhaem.experiment.ExperimentResult;
import org.fedhaem.experiment.ExperimentRunner;
import org.fedhaem.experiment.MetricRow;
import org.fedhaem.experiment.RoundRow;
import org.fedhaem.grpc.SiteAgent;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment whose coordinator crashes after a round and is resumed from its checkpoint gives the metric rows,
 * learning-curve rows and models of a run that was never interrupted, to the bit. The sites are {@link DeployedSite}s
 * on the per-site files in this process; the crash is an exception thrown right after a checkpoint was written.
 */
class DeploymentResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** What a killed coordinator does: stops, with its last checkpoint on disk. */
    private static final class Crash extends RuntimeException {
        Crash() {
            super("simulated coordinator crash");
        }
    }

    @Test
    void aResumedDeploymentEqualsAnUninterruptedOneBitForBit() throws Exception {
        ExperimentConfig config = ExperimentConfig.read(experiment("[\"fedavg\", \"fedprox\"]"));
        ExperimentResult whole = deploy(config, c -> { }, null);

        // Crash after round 2 of fedprox in repeat 2: one finished repeat, one finished strategy before it.
        Path run = tmp.resolve("run");
        assertThrows(Crash.class, () -> deploy(config, c -> {
            c.write(run);
            if (c.repeat() == 1 && c.strategy() == 1 && c.round() == 2) {
                throw new Crash();
            }
        }, null));
        Checkpoint saved = Checkpoint.read(run);
        assertThat(saved.repeat()).isEqualTo(1);
        assertThat(saved.strategy()).isEqualTo(1);
        assertThat(saved.round()).isEqualTo(2);
        assertThat(saved.metrics()).isNotEmpty();
        assertThat(saved.evaluations()).isNotEmpty();

        List<Checkpoint> after = new ArrayList<>();
        ExperimentResult resumed = deploy(config, after::add, saved);
        assertThat(after).extracting(Checkpoint::round).containsExactly(3);

        assertThat(resumed.metrics()).isNotEmpty().isEqualTo(whole.metrics());
        assertThat(resumed.rounds()).isNotEmpty().isEqualTo(whole.rounds());
        // Per repeat: three isolated models (trained before the federated rounds, not again on resuming) and two
        // federated ones.
        assertThat(resumed.models()).hasSize(10);
        assertThat(resumed.metrics()).anyMatch(m -> m.regime().equals("isolated") && m.repeat() == 2);
        assertThat(JSON.writeValueAsString(resumed.models())).isEqualTo(JSON.writeValueAsString(whole.models()));
        // The checkpoint carries the first repeat's data summary, so the resumed report describes the same data.
        assertThat(resumed.figures()).isEqualTo(whole.figures());
        assertThat(resumed.figures().dataSummary().sites()).allMatch(site -> site.test() != null);
        // And the first repeat's confusion matrices (binary), read back from the checkpoint file.
        assertThat(saved.curves().confusion()).isEqualTo(whole.figures().curves().confusion());
        assertThat(resumed.figures().curves().confusion()).hasSize(5);
    }

    @Test
    void aCrossValidatedDeploymentEqualsTheSimulationAndResumesMidFoldBitForBit() throws Exception {
        ExperimentConfig config = ExperimentConfig.read(experiment("[\"fedavg\", \"fedprox\"]",
                "cv_folds = 3\ncv_repeats = 2"));
        ExperimentResult whole = deploy(config, c -> { }, null);
        ExperimentResult simulated = new ExperimentRunner(config, line -> { }).run(List.of("test"));

        // Every row the deployment reports (isolated and federated, per site and pooled, over the 6 folds) is the
        // simulation's to the bit: 2 repeats x 5 models x (3 sites x 5 metrics + 4 pooled).
        Map<String, MetricRow> deployedRows = rows(whole.metrics());
        Map<String, MetricRow> simulatedRows = rows(simulated.metrics());
        assertThat(deployedRows).hasSize(2 * 5 * (3 * 5 + 4));
        for (Map.Entry<String, MetricRow> e : deployedRows.entrySet()) {
            MetricRow s = simulatedRows.get(e.getKey());
            assertThat(s).as(e.getKey()).isNotNull();
            assertThat(Double.doubleToRawLongBits(e.getValue().value())).as(e.getKey())
                    .isEqualTo(Double.doubleToRawLongBits(s.value()));
            assertThat(e.getValue().undefinedReason()).as(e.getKey()).isEqualTo(s.undefinedReason());
        }
        assertThat(deployedRows.values()).anyMatch(m -> m.metric().equals("auc") && !Double.isNaN(m.value()));
        // The learning curves of all 6 folds, and the first fold's models.
        assertThat(whole.rounds()).isEqualTo(simulated.rounds());
        assertThat(whole.rounds()).extracting(RoundRow::unit).contains(1, 6);
        assertThat(JSON.writeValueAsString(whole.models())).isEqualTo(JSON.writeValueAsString(simulated.models()));
        // The first fold's data summary, as the simulation's (no curves: predictions stay at the sites).
        assertThat(whole.figures().dataSummary()).isEqualTo(simulated.figures().dataSummary());

        // Crash in the third fold of the first repeat, after round 2 of fedprox; resume from the file.
        Path run = tmp.resolve("run-cv");
        assertThrows(Crash.class, () -> deploy(config, c -> {
            c.write(run);
            if (c.repeat() == 0 && c.unit() == 2 && c.strategy() == 1 && c.round() == 2) {
                throw new Crash();
            }
        }, null));
        Checkpoint saved = Checkpoint.read(run);
        assertThat(saved.unit()).isEqualTo(2);
        assertThat(saved.metrics()).isEmpty();
        // Isolated and federated counts of folds 1-3 so far, each site's and pooled.
        assertThat(saved.evaluations()).extracting(Checkpoint.Evaluation::regime).contains("isolated", "federated");
        ExperimentResult resumed = deploy(config, c -> { }, saved);
        assertThat(resumed.metrics()).isEqualTo(whole.metrics());
        assertThat(resumed.rounds()).isEqualTo(whole.rounds());
        assertThat(JSON.writeValueAsString(resumed.models())).isEqualTo(JSON.writeValueAsString(whole.models()));
        assertThat(resumed.figures()).isEqualTo(whole.figures());
    }

    private static Map<String, MetricRow> rows(List<MetricRow> metrics) {
        Map<String, MetricRow> out = new TreeMap<>();
        for (MetricRow m : metrics) {
            if (!m.test().equals("union")) {
                out.put(m.repeat() + " " + m.regime() + " " + m.strategy() + " " + m.trainedOn() + " " + m.test()
                        + " " + m.metric(), m);
            }
        }
        return out;
    }

    @Test
    void aCheckpointOfAnotherExperimentOrWithScaffoldIsRefused() throws Exception {
        ExperimentConfig config = ExperimentConfig.read(experiment("[\"fedavg\"]"));
        Path run = tmp.resolve("run");
        assertThrows(Crash.class, () -> deploy(config, c -> {
            c.write(run);
            throw new Crash();
        }, null));
        Checkpoint saved = Checkpoint.read(run);

        ExperimentConfig other = ExperimentConfig.read(experiment("[\"fedavg\"]"), List.of("seed=6"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExperimentRunner(other, line -> { }).checkResumable(saved));
        assertThat(e).hasMessageContaining("another experiment");

        ExperimentConfig scaffold = ExperimentConfig.read(experiment("[\"fedavg\", \"scaffold\"]"));
        Checkpoint ofScaffold = new Checkpoint(Checkpoint.FORMAT, scaffold.toToml(), 0, 0, 0, 1,
                saved.global(), saved.state(), true, null, List.of(), List.of(), List.of(), List.of(), List.of(),
                saved.data(), null, null);
        e = assertThrows(IllegalArgumentException.class,
                () -> new ExperimentRunner(scaffold, line -> { }).checkResumable(ofScaffold));
        assertThat(e).hasMessageContaining("scaffold cannot be resumed");

        Files.delete(run.resolve(Checkpoint.FILE_NAME));
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(run));
        assertThat(e).hasMessageContaining("no checkpoint");
    }

    @Test
    void aCoordinatorThatCannotWriteItsAuditLogStopsNamingItAndKeepsItsCheckpoint() throws Exception {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.isWritable(full), "needs /dev/full (Linux) for a file whose every write fails");
        Path toml = experiment("[\"fedavg\"]");
        ExperimentConfig config = ExperimentConfig.read(toml);
        Path run = tmp.resolve("run");
        assertThrows(Crash.class, () -> deploy(config, c -> {
            c.write(run);
            throw new Crash();
        }, null));
        byte[] checkpoint = Files.readAllBytes(run.resolve(Checkpoint.FILE_NAME));
        Path audit = run.resolve("audit.jsonl");
        Files.createSymbolicLink(audit, full);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ExecutorService threads = Executors.newCachedThreadPool();
        SiteAgent site = SiteAgent.insecure("127.0.0.1", port, "site1", info -> {
            throw new AssertionError("the coordinator must not admit a site it cannot record");
        }, new SiteAgent.Options(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMillis(400),
                Duration.ofSeconds(1)));
        try {
            Future<Cli> serve = threads.submit(() -> Cli.run("serve", toml.toString(), "--port",
                    Integer.toString(port), "--insecure", "--resume", run.toString(), "--wait", "60"));
            threads.submit(() -> {
                site.run();
                return null;
            });
            Cli cli = serve.get(90, TimeUnit.SECONDS);
            assertThat(cli.exitCode()).as(cli.err()).isEqualTo(1);
            assertThat(cli.err()).contains("fedhaem: the audit log failed (cannot write the audit log " + audit)
                    .contains("on the register message from_site site1")
                    .contains("The checkpoint " + run.resolve(Checkpoint.FILE_NAME) + " is intact")
                    .contains("--resume " + run);
        } finally {
            site.close();
            threads.shutdownNow();
        }
        assertThat(Files.readAllBytes(run.resolve(Checkpoint.FILE_NAME))).isEqualTo(checkpoint);
        assertThat(run.resolve("results.json")).doesNotExist();
    }

    private ExperimentResult deploy(ExperimentConfig config, Consumer<Checkpoint> checkpoints, Checkpoint resume) {
        return InProcessDeployment.deploy(config, tmp.resolve("sites"), checkpoints, resume);
    }

    private Path experiment(String strategies) throws IOException {
        return experiment(strategies, "test_fraction = 0.25");
    }

    /** The experiment on the per-site files with {@code split} as the [split] table's other keys. */
    private Path experiment(String strategies, String split) throws IOException {
        Path dir = tmp.resolve("sites");
        if (!Files.exists(dir)) {
            SiteFiles.write(tmp, SiteFiles.SCD);
        }
        Path toml = tmp.resolve("experiment.toml");
        Files.writeString(toml, """
                name = "resume"
                seed = 5
                repeats = 2
                task = "binary"
                regimes = ["isolated", "federated"]
                strategies = %s
                [model]
                type = "logistic"
                [training]
                optimizer = "sgd"
                lr = 0.05
                batch_size = 64
                local_epochs = 1
                rounds = 3
                [split]
                files = [%s]
                %s
                [federation]
                sites = ["site1", "site2", "site3"]
                [strategy.fedprox]
                mu = 0.1
                """.formatted(strategies, SiteFiles.tomlList(dir), split));
        return toml;
    }
}
