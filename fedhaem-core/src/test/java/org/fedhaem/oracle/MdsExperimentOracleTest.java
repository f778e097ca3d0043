package org.fedhaem.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.fedhaem.experiment.ExperimentConfig;
import org.fedhaem.experiment.ExperimentResult;
import org.fedhaem.experiment.ExperimentRunner;
import org.fedhaem.experiment.Summary;
import org.fedhaem.experiment.SummaryRow;
import org.fedhaem.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * The acceptance figures on the real IWG-PM cohort, through the whole runner as {@code fedhaem simulate
 * examples/mds-iwgpm.toml} runs it (data and split 42 read in place from ../shared): linear Cox against R's table in
 * {@code split42_oracle.json}, federated linear Cox against centralized, and the example's DeepSurv protocol.
 */
class MdsExperimentOracleTest {
    /** The bound for linear Cox against R and for federated against centralized linear Cox. */
    private static final double COX_TOL = 0.005;
    /** The bound for federated against centralized DeepSurv on the pooled test set. */
    private static final double DEEPSURV_TOL = 0.01;
    private static final List<String> SITES = List.of("site1", "site2", "site3");

    private static ExperimentConfig example(Path mds, String... overrides) {
        Path root = Path.of(System.getProperty("fedhaem.root", ".."));
        List<String> all = new ArrayList<>(List.of("data.path=" + mds.resolve("mds_iwgpm.csv"),
                "split.assignment=" + mds.resolve("split42_assignment.csv")));
        all.addAll(List.of(overrides));
        return ExperimentConfig.read(root.resolve("examples/mds-iwgpm.toml"), all);
    }

    @Test
    void linearCoxMatchesRsTableAndFederatedComesWithinTheBoundOfCentralized() {
        Path mds = SharedData.mds();
        JsonNode oracle = OracleJson.read(mds.resolve("split42_oracle.json"));
        ExperimentConfig config = example(mds, "model.type=cox", "model.hidden=[]", "model.activation=identity",
                "model.batch_norm=false", "model.dropout=0", "model.ties=efron", "repeats=1",
                "strategies=[\"fedavg\"]", "training.lr=0.01", "training.rounds=30", "training.local_epochs=5");
        ExperimentResult result = new ExperimentRunner(config, line -> { }).run(List.of("test"));
        assertThat(result.sites()).isEqualTo(SITES);

        double max = 0;
        List<String> trainers = new ArrayList<>(List.of("centralized"));
        SITES.forEach(s -> trainers.add("isolated_" + s));
        for (String trainer : trainers) {
            String regime = trainer.equals("centralized") ? "centralized" : "isolated";
            String trainedOn = trainer.equals("centralized") ? "all" : trainer.substring("isolated_".length());
            // R's c_test_pooled is the C over the union of the sites' test rows: our "union".
            List<String> tests = new ArrayList<>(List.of("union"));
            tests.addAll(SITES);
            for (String test : tests) {
                double c = mean(result, regime, null, trainedOn, test);
                double r = oracle.get(trainer).get(test.equals("union") ? "c_test_pooled" : "c_test_" + test)
                        .asDouble();
                max = Math.max(max, Math.abs(c - r));
                System.out.printf(Locale.ROOT, "linear Cox %-20s on %-6s C %.6f  R %.6f  |dC| %.1e%n", trainer, test,
                        c, r, Math.abs(c - r));
                assertThat(c).as("%s on %s", trainer, test).isCloseTo(r, within(COX_TOL));
            }
        }
        System.out.printf(Locale.ROOT, "linear Cox through the runner: max |C - R| = %.2e over 16 values%n", max);
        // Beyond the bound: exact fits on the same rows (the centralized one imputing with the median of the
        // merged site sketches) rank the test patients as R does, so C agrees to rounding.
        assertThat(max).isLessThanOrEqualTo(1e-9);

        for (String test : List.of("union", "pooled")) {
            double federated = mean(result, "federated", "fedavg", "all", test);
            double centralized = mean(result, "centralized", null, "all", test);
            System.out.printf(Locale.ROOT, "linear Cox on %-6s federated FedAvg %.4f centralized %.4f diff %+.4f%n",
                    test, federated, centralized, federated - centralized);
            assertThat(federated).as("federated linear Cox on %s", test).isCloseTo(centralized, within(COX_TOL));
        }
    }

    @Test
    void federatedDeepSurvMatchesCentralizedAndHelpsTheSmallSite() {
        Path mds = SharedData.mds();
        ExperimentConfig config = example(mds, "strategies=[\"fedavg\"]");
        assertThat(config.repeats()).isEqualTo(5);
        assertThat(config.model().type()).isEqualTo(ExperimentConfig.ModelType.DEEPSURV);
        ExperimentResult result = new ExperimentRunner(config, line -> { }).run(List.of("test"));

        Summary federated = summary(result, "federated", "fedavg", "all", "pooled");
        Summary centralized = summary(result, "centralized", null, "all", "pooled");
        assertThat(federated.n()).isEqualTo(5);
        assertThat(centralized.n()).isEqualTo(5);
        System.out.printf(Locale.ROOT, "DeepSurv pooled C over 5 seeds: federated FedAvg %.4f ± %.4f, centralized "
                + "%.4f ± %.4f, diff %+.4f%n", federated.mean(), federated.sd(), centralized.mean(), centralized.sd(),
                federated.mean() - centralized.mean());
        assertThat(federated.mean()).isCloseTo(centralized.mean(), within(DEEPSURV_TOL));

        for (String test : List.of("site3", "pooled")) {
            double fed = mean(result, "federated", "fedavg", "all", test);
            double alone = mean(result, "isolated", null, "site3", test);
            System.out.printf(Locale.ROOT, "DeepSurv on %-6s federated FedAvg %.4f, isolated(site3) %.4f%n", test,
                    fed, alone);
            assertThat(fed).as("federated vs isolated(site3) on %s", test).isGreaterThan(alone);
        }
    }

    private static double mean(ExperimentResult result, String regime, String strategy, String trainedOn,
                               String test) {
        return summary(result, regime, strategy, trainedOn, test).mean();
    }

    private static Summary summary(ExperimentResult result, String regime, String strategy, String trainedOn,
                                   String test) {
        List<SummaryRow> rows = result.summary().stream().filter(s -> s.metric().equals("c_index")
                && s.regime().equals(regime) && Objects.equals(s.strategy(), strategy)
                && s.trainedOn().equals(trainedOn) && s.test().equals(test)).toList();
        assertThat(rows).as("%s %s %s %s", regime, strategy, trainedOn, test).hasSize(1);
        return rows.get(0).summary();
    }
}
