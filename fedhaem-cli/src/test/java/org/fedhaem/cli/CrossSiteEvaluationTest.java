package org.fedhaem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedhaem.experiment.DeployedSite;
import org.fedhaem.experiment.ExperimentConfig;
import org.fedhaem.experiment.ExperimentResult;
import org.fedhaem.experiment.ExperimentRunner;
import org.fedhaem.experiment.MetricRow;
import org.fedhaem.experiment.SavedModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-site evaluation in a deployment: every site trains its isolated model alone, each model is scored at every
 * site, and the isolated rows (per test site and pooled) and the saved isolated models equal those of a simulation
 * of the same per-site files, to the bit. The sites are {@link DeployedSite}s in this process (the wire is proven
 * by ProtoMappingTest).
 */
class CrossSiteEvaluationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void deepSurvIsolatedModelsEqualTheSimulationBitForBit() throws Exception {
        assertIsolatedParity("""
                task = "survival"
                [data]
                synthetic = "mds"
                synthetic_rows = 600
                """, """
                task = "survival"
                [model]
                type = "deepsurv"
                hidden = [8]
                dropout = 0.1
                [training]
                lr = 0.01
                batch_size = 64
                local_epochs = 1
                rounds = 2
                """, 1);
    }

    @Test
    void exactCoxIsolatedModelsEqualTheSimulationBitForBit() throws Exception {
        assertIsolatedParity(MDS, COX.formatted("l2 = 0.5"), 1);
    }

    @Test
    void anUnpenalisedCoxFitThatDivergesAtEverySiteGivesTheSimulationsUndefinedRows() throws Exception {
        // Small sites with rare mutations: no finite estimate exists, in the simulation as at the deployed site.
        Map<String, MetricRow> rows = assertIsolatedParity(MDS, COX.formatted(""), 1, 0);
        assertThat(rows.values()).allSatisfy(m -> {
            assertThat(m.value()).isNaN();
            assertThat(m.undefinedReason()).startsWith("model not trained: Monotone likelihood");
        });
    }

    private static final String MDS = """
            task = "survival"
            [data]
            synthetic = "mds"
            synthetic_rows = 600
            """;

    private static final String COX = """
            task = "survival"
            [model]
            type = "cox"
            %s
            [training]
            lr = 0.01
            batch_size = 64
            local_epochs = 1
            rounds = 2
            """;

    @Test
    void logisticIsolatedModelsEqualTheSimulationBitForBit() throws Exception {
        assertIsolatedParity("""
                task = "binary"
                [data]
                synthetic = "scd"
                synthetic_rows = 900
                """, """
                task = "binary"
                [model]
                type = "logistic"
                [training]
                optimizer = "sgd"
                lr = 0.05
                batch_size = 64
                local_epochs = 1
                rounds = 2
                """, 5);
    }

    private void assertIsolatedParity(String cohort, String body, int metricsPerSite) throws IOException {
        assertIsolatedParity(cohort, body, metricsPerSite, 6);
    }

    /** Asserts the parity with {@code models} saved isolated models; returns the deployment's isolated rows. */
    private Map<String, MetricRow> assertIsolatedParity(String cohort, String body, int metricsPerSite, int models)
            throws IOException {
        Path sites = SiteFiles.write(tmp, cohort);
        ExperimentConfig config = ExperimentConfig.read(experiment(sites, body));
        ExperimentResult deployed = InProcessDeployment.deploy(config, sites);
        ExperimentResult simulated = new ExperimentRunner(config, line -> { }).run(List.of("test"));

        Map<String, MetricRow> fromDeployment = isolated(deployed.metrics());
        Map<String, MetricRow> fromSimulation = isolated(simulated.metrics());
        // 2 repeats x 3 isolated models x (3 test sites + pooled); pooled has no AUC.
        int pooledMetrics = metricsPerSite == 1 ? 1 : metricsPerSite - 1;
        assertThat(fromDeployment).hasSize(2 * 3 * (3 * metricsPerSite + pooledMetrics));
        for (Map.Entry<String, MetricRow> e : fromDeployment.entrySet()) {
            MetricRow d = e.getValue();
            MetricRow s = fromSimulation.get(e.getKey());
            assertThat(s).as(e.getKey()).isNotNull();
            assertThat(Double.doubleToRawLongBits(d.value())).as(e.getKey() + " " + d.value() + " vs " + s.value())
                    .isEqualTo(Double.doubleToRawLongBits(s.value()));
            assertThat(d.undefinedReason()).as(e.getKey()).isEqualTo(s.undefinedReason());
        }
        // A site's own model on its own test set is not all that is reported: every model at every site.
        assertThat(fromDeployment.keySet()).contains("1 site1 site3 " + (metricsPerSite == 1 ? "c_index" : "f1"),
                "2 site3 site1 " + (metricsPerSite == 1 ? "c_index" : "f1"));
        // The federated rows are still there beside the isolated ones.
        assertThat(deployed.metrics()).anyMatch(m -> m.regime().equals("federated"));

        // The isolated models are saved as a simulation saves them (parameters, preprocessing, baseline).
        Map<String, String> deployedModels = isolatedModels(deployed.models());
        assertThat(deployedModels).hasSize(models).isEqualTo(isolatedModels(simulated.models()));
        return fromDeployment;
    }

    private static Map<String, MetricRow> isolated(List<MetricRow> rows) {
        Map<String, MetricRow> out = new TreeMap<>();
        for (MetricRow m : rows) {
            if (m.regime().equals("isolated")) {
                out.put(m.repeat() + " " + m.trainedOn() + " " + m.test() + " " + m.metric(), m);
            }
        }
        return out;
    }

    private static Map<String, String> isolatedModels(List<SavedModelFile> models) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (SavedModelFile f : models) {
            if (f.path().contains("/isolated-")) {
                // Jackson writes the shortest text that reads back as the same double: equal text is equal bits.
                out.put(f.path(), JSON.writeValueAsString(f.model()));
            }
        }
        return out;
    }

    /** Isolated and federated regimes on the per-site files, two repeats. */
    private Path experiment(Path sites, String body) throws IOException {
        int split = body.indexOf("\n[");
        Path toml = tmp.resolve("experiment.toml");
        Files.writeString(toml, """
                name = "crosssite"
                seed = 5
                repeats = 2
                regimes = ["isolated", "federated"]
                strategies = ["fedavg"]
                """ + body.substring(0, split + 1) + """
                [split]
                files = [%s]
                test_fraction = 0.25
                [federation]
                sites = ["site1", "site2", "site3"]
                """.formatted(SiteFiles.tomlList(sites)) + body.substring(split + 1));
        return toml;
    }
}
