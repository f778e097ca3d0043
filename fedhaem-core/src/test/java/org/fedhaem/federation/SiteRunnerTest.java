package org.fedhaem.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.fedhaem.data.Design;
import org.fedhaem.data.Outcome;
import org.fedhaem.data.SyntheticCohort;
import org.fedhaem.metrics.BinaryMetrics;
import org.fedhaem.metrics.HarrellC;
import org.fedhaem.model.Activation;
import org.fedhaem.model.LearningRateSchedule;
import org.fedhaem.model.Network;
import org.fedhaem.model.NetworkSpec;
import org.fedhaem.model.Sgd;
import org.fedhaem.model.Ties;
import org.fedhaem.model.Trainer;
import org.fedhaem.model.TrainingConfig;
import org.fedhaem.model.TrainingResult;
import org.fedhaem.strategy.FitSettings;
import org.junit.jupiter.api.Test;

class SiteRunnerTest {
    private static final double[] BETA = {0.8, -0.5, 0.3};
    private static final NetworkSpec SMALL = new NetworkSpec(3, new int[] {4}, Activation.RELU, true, 0.2, false);

    private static SiteRunner survivalSite(Design train, Design test, Design external) {
        return new SiteRunner("site1", train, test, external, ModelSetup.of(SMALL, ModelSetup.Task.SURVIVAL));
    }

    /** The reply is exactly what the Trainer gives for the instruction's model, settings and seed. */
    @Test
    void fitTrainsTheGlobalModelWithTheInstructionsSeed() {
        // No censoring, so no batch lacks an event: 50 rows in batches of 16 give 4 steps per epoch.
        Design train = SyntheticCohort.survival(50, BETA, 1, 0.1, 0, 1);
        SiteRunner site = survivalSite(train, null, null);
        double[] global = new Network(SMALL, 3).parameters().flatten();
        FitSettings settings = new FitSettings(3, 16, 0.01, 0.1, null);
        FitReply reply = (FitReply) site.handle(new FitInstruction(4, "site1", global, settings, 77));

        Network expected = new Network(SMALL, 3);
        TrainingResult r = Trainer.train(expected, train.x(), train.outcome(),
                new TrainingConfig(3, 16, ModelSetup.of(SMALL, ModelSetup.Task.SURVIVAL).optimizer(0.01),
                        new LearningRateSchedule.Constant(), Ties.BRESLOW, 0.1), 77);
        assertThat(reply.round()).isEqualTo(4);
        assertThat(reply.site()).isEqualTo("site1");
        assertThat(reply.update().parameters()).isEqualTo(expected.parameters().flatten());
        assertThat(reply.update().examples()).isEqualTo(50);
        assertThat(reply.update().steps()).isEqualTo(r.steps()).isEqualTo(3 * 4);
        assertThat(reply.trainLoss()).isEqualTo(r.finalLoss());
        assertThat(reply.update().extras()).isEmpty();
        // Another seed, another result.
        FitReply other = (FitReply) site.handle(new FitInstruction(4, "site1", global, settings, 78));
        assertThat(other.update().parameters()).isNotEqualTo(reply.update().parameters());
    }

    @Test
    void evaluateSurvivalGivesHarrellCountsOfTheGlobalModel() {
        Design train = SyntheticCohort.survival(40, BETA, 1, 0.1, 0.05, 1);
        Design test = SyntheticCohort.survival(30, BETA, 1, 0.1, 0.05, 2);
        Design external = SyntheticCohort.survival(20, BETA, 1, 0.1, 0.05, 3);
        SiteRunner site = survivalSite(train, test, external);
        Network model = new Network(SMALL, 5);
        double[] global = model.parameters().flatten();

        EvaluateReply reply = (EvaluateReply) site.handle(new EvaluateInstruction(2, "site1", global));
        var local = (SiteEvaluation.Survival) reply.evaluation();
        Outcome.Survival y = test.survival();
        assertThat(local.n()).isEqualTo(30);
        assertThat(local.events()).isEqualTo(y.events());
        assertThat(local.concordance()).isEqualTo(HarrellC.concordance(y.time(), y.event(), model.predict(test.x())));
        var ext = (SiteEvaluation.Survival) reply.external();
        Outcome.Survival ey = external.survival();
        assertThat(ext.concordance())
                .isEqualTo(HarrellC.concordance(ey.time(), ey.event(), model.predict(external.x())));
    }

    @Test
    void evaluateBinaryGivesConfusionAtTheThresholdAndAuc() {
        Design train = SyntheticCohort.binary(40, BETA, -0.5, 1);
        Design test = SyntheticCohort.binary(60, BETA, -0.5, 2);
        NetworkSpec logistic = NetworkSpec.linear(3, true);
        ModelSetup setup = new ModelSetup(logistic, ModelSetup.Task.BINARY, Ties.BRESLOW,
                ModelSetup.OptimizerKind.SGD, 0.9, true, 0.01, 0.3);
        SiteRunner site = new SiteRunner("a", train, test, null, setup);
        Network model = new Network(logistic, 9);
        var reply = (EvaluateReply) site.handle(new EvaluateInstruction(1, "a", model.parameters().flatten()));
        var e = (SiteEvaluation.Binary) reply.evaluation();
        double[] p = model.predictProbability(test.x());
        boolean[] label = test.binary().label();
        assertThat(e.n()).isEqualTo(60);
        assertThat(e.positives()).isEqualTo(test.binary().positives());
        assertThat(e.confusion()).isEqualTo(BinaryMetrics.confusion(label, p, 0.3));
        assertThat(e.auc()).isEqualTo(BinaryMetrics.auc(label, p));
        assertThat(reply.external()).isNull();
    }

    @Test
    void aSiteWithoutTestRowsReportsAnEmptyEvaluation() {
        Design train = SyntheticCohort.survival(20, BETA, 1, 0.1, 0.05, 1);
        SiteRunner site = survivalSite(train, null, null);
        var reply = (EvaluateReply) site.handle(
                new EvaluateInstruction(1, "site1", new Network(SMALL, 1).parameters().flatten()));
        var e = (SiteEvaluation.Survival) reply.evaluation();
        assertThat(e.n()).isZero();
        assertThat(e.c().isDefined()).isFalse();
    }

    @Test
    void badInputIsRejectedWithTheSiteName() {
        Design train = SyntheticCohort.survival(20, BETA, 1, 0.1, 0.05, 1);
        Design binary = SyntheticCohort.binary(20, BETA, 0, 1);
        Design wide = SyntheticCohort.survival(20, new double[] {1, 2, 3, 4}, 1, 0.1, 0.05, 1);
        assertThatThrownBy(() -> survivalSite(binary, null, null))
                .hasMessageContaining("site site1: training data have a binary outcome, the model's task is SURVIVAL");
        assertThatThrownBy(() -> survivalSite(train, wide, null))
                .hasMessageContaining("site site1: test data have 4 features, the model expects 3");
        SiteRunner site = survivalSite(train, null, null);
        FitSettings settings = new FitSettings(1, 8, 0.01, 0, null);
        assertThatThrownBy(() -> site.handle(new FitInstruction(1, "site2", new double[3], settings, 1)))
                .hasMessageContaining("site site1 received an instruction for site2");
        assertThatThrownBy(() -> site.handle(new FitInstruction(1, "site1", new double[3], settings, 1)))
                .hasMessageContaining("global model has 3 values");
        assertThatThrownBy(() -> site.handle(new FitInstruction(1, "site1", new Network(SMALL, 1).parameters()
                .flatten(), settings.withExtras(Map.of(SiteRunner.CONTROL, new double[2])), 1)))
                .hasMessageContaining("control variate has 2 values");
        SiteRunner empty = survivalSite(new Design(List.of("x1", "x2", "x3"), new double[0][],
                new Outcome.Survival(new double[0], new boolean[0])), train, null);
        assertThatThrownBy(() -> empty.handle(new FitInstruction(1, "site1", new Network(SMALL, 1).parameters()
                .flatten(), settings, 1))).hasMessageContaining("site site1 has no training rows");
    }

    /*
     * SCAFFOLD by hand. Full-batch SGD for one epoch takes K = 1 step, y = x - lr (g(x) + c - c_i), so
     * c_i+ = c_i - c + (x - y) / lr = g(x): the site's control variate becomes the full-batch gradient at the
     * model it received. Round 1 (c = c_i = 0): delta = g(x1). Round 2 with a server c: the update is
     * x2 - lr (g(x2) + c - g(x1)) and delta = g(x2) - g(x1).
     */
    @Test
    void scaffoldKeepsTheControlVariateAndCorrectsTheGradient() {
        double[][] x = {{1.0, -0.5, 0.0}, {2.0, 0.5, 1.0}, {-1.0, 1.5, -0.5}, {0.5, -2.0, 0.25}};
        boolean[] label = {true, false, false, true};
        Design train = new Design(List.of("a", "b", "c"), x, new Outcome.Binary(label));
        NetworkSpec spec = NetworkSpec.linear(3, true);
        ModelSetup setup = new ModelSetup(spec, ModelSetup.Task.BINARY, Ties.BRESLOW, ModelSetup.OptimizerKind.SGD,
                0, false, 0, 0.5);
        SiteRunner site = new SiteRunner("s", train, null, null, setup);
        double lr = 0.2;
        FitSettings base = new FitSettings(1, 4, lr, 0, null);

        double[] x1 = {0.1, -0.2, 0.3, 0.05};
        FitReply r1 = (FitReply) site.handle(new FitInstruction(1, "s", x1,
                base.withExtras(Map.of(SiteRunner.CONTROL, new double[4])), 1));
        double[] g1 = gradient(x, label, x1);
        assertThat(r1.update().steps()).isEqualTo(1);
        assertClose(r1.update().extras().get(SiteRunner.CONTROL_DELTA), g1, 1e-12);

        double[] x2 = {0.3, 0.1, -0.2, 0.0};
        double[] c = {0.05, -0.1, 0.2, 0.4};
        FitReply r2 = (FitReply) site.handle(new FitInstruction(2, "s", x2,
                base.withExtras(Map.of(SiteRunner.CONTROL, c)), 2));
        double[] g2 = gradient(x, label, x2);
        double[] expected = new double[4];
        double[] delta = new double[4];
        for (int j = 0; j < 4; j++) {
            expected[j] = x2[j] - lr * (g2[j] + c[j] - g1[j]);
            delta[j] = g2[j] - g1[j];
        }
        assertClose(r2.update().parameters(), expected, 1e-15);
        assertClose(r2.update().extras().get(SiteRunner.CONTROL_DELTA), delta, 1e-12);
        // Without a server control variate the site trains plainly and sends no extras.
        FitReply plain = (FitReply) site.handle(new FitInstruction(3, "s", x2, base, 2));
        assertThat(plain.update().extras()).isEmpty();
        for (int j = 0; j < 4; j++) {
            assertThat(plain.update().parameters()[j]).isCloseTo(x2[j] - lr * g2[j], within(1e-15));
        }
    }

    @Test
    void scaffoldControlIsZeroOnRunningStatistics() {
        Design train = SyntheticCohort.survival(30, BETA, 1, 0.1, 0.05, 4);
        SiteRunner site = survivalSite(train, null, null);
        Network net = new Network(SMALL, 2);
        double[] global = net.parameters().flatten();
        boolean[] mask = net.trainableMask();
        FitReply reply = (FitReply) site.handle(new FitInstruction(1, "site1", global,
                new FitSettings(2, 10, 0.01, 0, Map.of(SiteRunner.CONTROL, new double[global.length])), 3));
        double[] delta = reply.update().extras().get(SiteRunner.CONTROL_DELTA);
        double[] params = reply.update().parameters();
        int movedTrainable = 0;
        for (int j = 0; j < delta.length; j++) {
            if (!mask[j]) {
                assertThat(delta[j]).as("running statistic %d", j).isZero();
                assertThat(params[j]).as("running statistics are still updated by training").isNotEqualTo(global[j]);
            } else if (delta[j] != 0) {
                movedTrainable++;
            }
        }
        assertThat(movedTrainable).isGreaterThan(0);
    }

    private static double[] gradient(double[][] x, boolean[] label, double[] w) {
        double[] g = new double[4];
        for (int i = 0; i < x.length; i++) {
            double z = w[0] * x[i][0] + w[1] * x[i][1] + w[2] * x[i][2] + w[3];
            double r = (1 / (1 + Math.exp(-z)) - (label[i] ? 1 : 0)) / x.length;
            for (int j = 0; j < 3; j++) {
                g[j] += r * x[i][j];
            }
            g[3] += r;
        }
        return g;
    }

    private static void assertClose(double[] actual, double[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int j = 0; j < expected.length; j++) {
            assertThat(actual[j]).as("index %d", j).isCloseTo(expected[j], within(tolerance));
        }
    }
}
