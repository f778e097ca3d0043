package org.fedhaem.federation;

import java.util.Map;
import java.util.Objects;
import org.fedhaem.data.Design;
import org.fedhaem.data.Outcome;
import org.fedhaem.metrics.BinaryMetrics;
import org.fedhaem.metrics.Concordance;
import org.fedhaem.metrics.ConfusionMatrix;
import org.fedhaem.metrics.HarrellC;
import org.fedhaem.metrics.MetricValue;
import org.fedhaem.model.Network;
import org.fedhaem.model.Parameters;
import org.fedhaem.model.Trainer;
import org.fedhaem.model.TrainingResult;
import org.fedhaem.strategy.FitSettings;
import org.fedhaem.strategy.SiteUpdate;

/**
 * One site: its local training rows, test rows and optionally the external test set, and the model it trains.
 * It answers a {@link FitInstruction} by training the global model on its rows and an {@link EvaluateInstruction}
 * by scoring the global model on its test rows; nothing but parameters and counts leaves it.
 *
 * <p>SCAFFOLD: when the settings carry the server control variate {@value #CONTROL} (c), the site trains with the
 * gradient correction c - c_i, then updates its own control variate by option II of Karimireddy et al. (2020),
 * c_i+ = c_i - c + (x - y_i) / (K lr) with K its optimizer steps and lr the round's learning rate, on trainable
 * entries (0 on batch-norm running statistics), keeps c_i+ for its next round and returns
 * {@value #CONTROL_DELTA} = c_i+ - c_i. c_i starts at 0; a round without steps leaves it unchanged.
 *
 * <p>Each instruction builds a fresh network, so no state but c_i survives a round; {@link #handle} is
 * synchronized, so a site is never trained twice at once.
 */
public final class SiteRunner implements Site {
    /** The server control variate in {@link FitSettings#extras()}. */
    public static final String CONTROL = "control";
    /** The change of the site's control variate in {@link SiteUpdate#extras()}. */
    public static final String CONTROL_DELTA = "control_delta";

    private final String name;
    private final Design train;
    private final Design test;
    private final Design external;
    private final ModelSetup model;
    private final Parameters layout;
    private final boolean[] trainable;
    private double[] control;

    /**
     * @param train the site's training rows (may have no rows: the site then only evaluates)
     * @param test the site's test rows, or null when it has none
     * @param external the external test set, or null; give it to one site only, else pooled figures count it twice
     */
    public SiteRunner(String name, Design train, Design test, Design external, ModelSetup model) {
        Messages.site(name);
        this.name = name;
        this.model = Objects.requireNonNull(model, "model");
        this.train = check("training", Objects.requireNonNull(train, "train"));
        this.test = test == null ? null : check("test", test);
        this.external = external == null ? null : check("external test", external);
        Network network = model.newNetwork(0);
        this.layout = network.parameters();
        this.trainable = network.trainableMask();
    }

    private Design check(String role, Design d) {
        if (d.columns() != model.network().inputs()) {
            throw new IllegalArgumentException("site " + name + ": " + role + " data have " + d.columns()
                    + " features, the model expects " + model.network().inputs());
        }
        boolean survival = d.outcome() instanceof Outcome.Survival;
        if (survival != (model.task() == ModelSetup.Task.SURVIVAL)) {
            throw new IllegalArgumentException("site " + name + ": " + role + " data have a "
                    + (survival ? "survival" : "binary") + " outcome, the model's task is " + model.task());
        }
        return d;
    }

    @Override
    public String name() {
        return name;
    }

    /** Number of training rows (the example count of its updates). */
    public int trainingRows() {
        return train.rows();
    }

    @Override
    public synchronized Reply handle(Instruction instruction) {
        if (!instruction.site().equals(name)) {
            throw new IllegalArgumentException("site " + name + " received an instruction for " + instruction.site());
        }
        if (instruction instanceof FitInstruction f) {
            return fit(f);
        }
        return evaluate((EvaluateInstruction) instruction);
    }

    private FitReply fit(FitInstruction in) {
        if (train.rows() == 0) {
            throw new IllegalStateException("site " + name + " has no training rows");
        }
        double[] global = in.global();
        Network network = network(global);
        FitSettings settings = in.settings();
        double[] serverControl = settings.extras().get(CONTROL);
        double[] correction = null;
        double[] own = null;
        if (serverControl != null) {
            if (serverControl.length != global.length) {
                throw new IllegalArgumentException("site " + name + ": control variate has " + serverControl.length
                        + " values, the model has " + global.length);
            }
            own = control == null ? new double[global.length] : control;
            correction = new double[global.length];
            for (int j = 0; j < correction.length; j++) {
                correction[j] = serverControl[j] - own[j];
            }
        }
        TrainingResult result = Trainer.train(network, train.x(), train.outcome(),
                model.training(settings, correction), in.seed());
        double[] trained = network.parameters().flatten();
        Map<String, double[]> extras = Map.of();
        if (serverControl != null) {
            double[] next = own.clone();
            if (result.steps() > 0) {
                double scale = 1.0 / (result.steps() * settings.learningRate());
                for (int j = 0; j < next.length; j++) {
                    next[j] = trainable[j] ? own[j] - serverControl[j] + (global[j] - trained[j]) * scale : 0.0;
                }
            }
            double[] delta = new double[next.length];
            for (int j = 0; j < delta.length; j++) {
                delta[j] = next[j] - own[j];
            }
            control = next;
            extras = Map.of(CONTROL_DELTA, delta);
        }
        SiteUpdate update = new SiteUpdate(name, trained, train.rows(), result.steps(), extras);
        return new FitReply(in.round(), name, update, result.finalLoss());
    }

    private EvaluateReply evaluate(EvaluateInstruction in) {
        Network network = network(in.global());
        SiteEvaluation local = evaluate(network, test);
        SiteEvaluation ext = external == null ? null : evaluate(network, external);
        return new EvaluateReply(in.round(), name, local, ext);
    }

    private Network network(double[] global) {
        if (global.length != layout.size()) {
            throw new IllegalArgumentException("site " + name + ": global model has " + global.length
                    + " values, the model has " + layout.size());
        }
        Network network = model.newNetwork(0);
        network.setParameters(layout.withFlat(global));
        return network;
    }

    private SiteEvaluation evaluate(Network network, Design d) {
        int n = d == null ? 0 : d.rows();
        if (model.task() == ModelSetup.Task.SURVIVAL) {
            if (n == 0) {
                return new SiteEvaluation.Survival(0, 0, Concordance.EMPTY);
            }
            Outcome.Survival s = d.survival();
            double[] risk = network.predict(d.x());
            return new SiteEvaluation.Survival(n, s.events(), HarrellC.concordance(s.time(), s.event(), risk));
        }
        if (n == 0) {
            return new SiteEvaluation.Binary(0, 0, new ConfusionMatrix(0, 0, 0, 0),
                    MetricValue.undefined("no test rows"));
        }
        Outcome.Binary b = d.binary();
        double[] p = network.predictProbability(d.x());
        return new SiteEvaluation.Binary(n, b.positives(),
                BinaryMetrics.confusion(b.label(), p, model.threshold()), BinaryMetrics.auc(b.label(), p));
    }
}
