package org.fedhaem.federation;

import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import org.fedhaem.data.Design;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Outcome;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.Schema;
import org.fedhaem.data.SiteColumns;
import org.fedhaem.data.Table;
import org.fedhaem.metrics.BinaryMetrics;
import org.fedhaem.metrics.Concordance;
import org.fedhaem.metrics.ConfusionMatrix;
import org.fedhaem.metrics.HarrellC;
import org.fedhaem.metrics.MetricValue;
import org.fedhaem.model.FederatedBaseline;
import org.fedhaem.model.Network;
import org.fedhaem.model.Parameters;
import org.fedhaem.model.Trainer;
import org.fedhaem.model.TrainingResult;
import org.fedhaem.strategy.FitSettings;
import org.fedhaem.strategy.SiteUpdate;

/**
 * One site: its local training rows, test rows and optionally the external test set, and the model it trains.
 * It answers a {@link FitInstruction} by training the global model on its rows, an {@link EvaluateInstruction} by
 * scoring the global model on its test rows, and a {@link StatisticsInstruction} with aggregates of its training
 * rows; nothing but parameters, counts and sums leaves it.
 *
 * <p>A site built from its raw table (as a deployed site is) first answers the federated preprocessing's questions
 * ({@code Summarise}, {@code CountAtMost}) with {@link SiteColumns} of its training rows, then builds its designs
 * and its model when it receives the fitted preprocessing ({@code Prepare}); before that it refuses to train,
 * evaluate or sum risks, with a {@link Failure} giving the reason. A site built from prepared designs answers only
 * the instructions that need no table.
 *
 * <p>SCAFFOLD: when the settings carry the server control variate {@value #CONTROL} (c), the site trains with the
 * gradient correction c - c_i, then updates its own control variate by option II of Karimireddy et al. (2020),
 * c_i+ = c_i - c + (x - y_i) / (K lr) with K its optimizer steps and lr the round's learning rate, on trainable
 * entries (0 on batch-norm running statistics), keeps c_i+ for its next round and returns
 * {@value #CONTROL_DELTA} = c_i+ - c_i. c_i starts at 0 (again after a new preprocessing); a round without steps
 * leaves it unchanged.
 *
 * <p>Each instruction builds a fresh network, so no state but the designs and c_i survives an instruction;
 * {@link #handle} is synchronized, so a site is never trained twice at once.
 */
public final class SiteRunner implements Site {
    /** The server control variate in {@link FitSettings#extras()}. */
    public static final String CONTROL = "control";
    /** The change of the site's control variate in {@link SiteUpdate#extras()}. */
    public static final String CONTROL_DELTA = "control_delta";

    private final String name;
    /** The raw data, or null for a site built from prepared designs. */
    private final Raw raw;
    private SiteColumns columns;
    private Prepared prepared;
    private double[] control;

    /** A site's table with its rows, and what it needs to turn them into designs and a model. */
    private record Raw(Table table, int[] train, int[] test, Table external, Schema schema, Preprocessing spec,
                       IntFunction<ModelSetup> model) {
    }

    /** The designs and the model, once the preprocessing is known. */
    private record Prepared(Design train, Design test, Design external, ModelSetup model, Parameters layout,
                            boolean[] trainable) {
    }

    /**
     * A site from prepared designs, ready to train and evaluate.
     *
     * @param train the site's training rows (may have no rows: the site then only evaluates)
     * @param test the site's test rows, or null when it has none
     * @param external the external test set, or null; give it to one site only, else pooled figures count it twice
     */
    public SiteRunner(String name, Design train, Design test, Design external, ModelSetup model) {
        Messages.site(name);
        this.name = name;
        this.raw = null;
        this.prepared = prepared(Objects.requireNonNull(train, "train"), test, external,
                Objects.requireNonNull(model, "model"));
    }

    /**
     * A site from its raw local data, as a deployed site holds it; it trains and evaluates after it has received
     * the fitted preprocessing.
     *
     * @param table the site's table
     * @param trainRows its training rows (0-based rows of {@code table}; may be empty: the site then only evaluates)
     * @param testRows its test rows (may be empty)
     * @param external the external test set, or null; give it to one site only, else pooled figures count it twice
     * @param schema which columns are the outcome and the features
     * @param spec the preprocessing the federation fits (its policies; the statistics come from all sites)
     * @param model the model for a given number of input features, known once the preprocessing is fitted
     */
    public SiteRunner(String name, Table table, int[] trainRows, int[] testRows, Table external, Schema schema,
                      Preprocessing spec, IntFunction<ModelSetup> model) {
        Messages.site(name);
        this.name = name;
        Objects.requireNonNull(table, "table");
        this.raw = new Raw(table, rows("training", trainRows, table), rows("test", testRows, table), external,
                Objects.requireNonNull(schema, "schema"), Objects.requireNonNull(spec, "spec"),
                Objects.requireNonNull(model, "model"));
    }

    private int[] rows(String role, int[] rows, Table table) {
        Objects.requireNonNull(rows, role + " rows");
        for (int r : rows) {
            if (r < 0 || r >= table.rows()) {
                throw new IllegalArgumentException("site " + name + ": " + role + " row " + r + " is outside 0.."
                        + (table.rows() - 1));
            }
        }
        return rows.clone();
    }

    private Prepared prepared(Design train, Design test, Design external, ModelSetup model) {
        check("training", train, model);
        if (test != null) {
            check("test", test, model);
        }
        if (external != null) {
            check("external test", external, model);
        }
        Network network = model.newNetwork(0);
        return new Prepared(train, test, external, model, network.parameters(), network.trainableMask());
    }

    private void check(String role, Design d, ModelSetup model) {
        if (d.columns() != model.network().inputs()) {
            throw new IllegalArgumentException("site " + name + ": " + role + " data have " + d.columns()
                    + " features, the model expects " + model.network().inputs());
        }
        boolean survival = d.outcome() instanceof Outcome.Survival;
        if (survival != (model.task() == ModelSetup.Task.SURVIVAL)) {
            throw new IllegalArgumentException("site " + name + ": " + role + " data have a "
                    + (survival ? "survival" : "binary") + " outcome, the model's task is " + model.task());
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized Reply handle(Instruction instruction) {
        if (!instruction.site().equals(name)) {
            throw new IllegalArgumentException("site " + name + " received an instruction for " + instruction.site());
        }
        if (instruction instanceof StatisticsInstruction s) {
            return answer(s.question());
        }
        if (prepared == null) {
            return new Failure(instruction.round(), name, "site " + name + " cannot "
                    + (instruction instanceof FitInstruction ? "train" : "evaluate")
                    + " before it has received the fitted preprocessing");
        }
        if (instruction instanceof FitInstruction f) {
            return fit(f);
        }
        return evaluate((EvaluateInstruction) instruction);
    }

    private Reply answer(StatisticsInstruction.Question question) {
        if (question instanceof StatisticsInstruction.Begin) {
            return new Failure(0, name, "site " + name + " holds fixed training and test rows and cannot begin a "
                    + "repeat");
        }
        if (question instanceof StatisticsInstruction.TrainAlone) {
            return new Failure(0, name, "site " + name + " does not know the experiment and cannot train alone");
        }
        if (question instanceof StatisticsInstruction.EvaluateModel e) {
            if (raw == null) {
                return new Failure(0, name, "site " + name + " holds prepared designs, not the table that another "
                        + "site's model needs");
            }
            return new StatisticsReply(name, new StatisticsReply.Evaluation(evaluateModel(e)));
        }
        StatisticsReply.Answer answer;
        if (question instanceof StatisticsInstruction.Summarise
                || question instanceof StatisticsInstruction.CountAtMost
                || question instanceof StatisticsInstruction.Prepare) {
            if (raw == null) {
                return new Failure(0, name, "site " + name + " holds prepared designs, not the table that "
                        + question.getClass().getSimpleName() + " needs");
            }
            if (question instanceof StatisticsInstruction.Summarise) {
                answer = new StatisticsReply.Summary(columns().summary());
            } else if (question instanceof StatisticsInstruction.CountAtMost c) {
                answer = new StatisticsReply.Counts(columns().countAtMost(c.queries()));
            } else {
                prepared = prepare(((StatisticsInstruction.Prepare) question).preprocessing());
                control = null;
                answer = new StatisticsReply.Ready();
            }
            return new StatisticsReply(name, answer);
        }
        if (prepared == null) {
            return new Failure(0, name, "site " + name + " cannot compute baseline statistics before it has "
                    + "received the fitted preprocessing");
        }
        Design train = prepared.train();
        if (!(train.outcome() instanceof Outcome.Survival y)) {
            return new Failure(0, name, "site " + name + " has a binary outcome: a baseline hazard needs survival");
        }
        if (question instanceof StatisticsInstruction.MaxTimeRoundedTo m) {
            answer = new StatisticsReply.MaxTime(FederatedBaseline.roundedMaxTime(y.time(), m.unit()));
        } else if (question instanceof StatisticsInstruction.CountEvents c) {
            answer = new StatisticsReply.Counts(FederatedBaseline.eventCounts(y.time(), y.event(), c.grid()));
        } else {
            StatisticsInstruction.SumRisks s = (StatisticsInstruction.SumRisks) question;
            double[] eta = network(s.global()).predict(train.x());
            answer = new StatisticsReply.Sums(FederatedBaseline.site(y.time(), y.event(), eta, s.grid()));
        }
        return new StatisticsReply(name, answer);
    }

    /** The site's training columns for the preprocessing's questions, summarised once. */
    private SiteColumns columns() {
        if (columns == null) {
            columns = SiteColumns.of(name, raw.spec(), raw.table(), raw.schema(), raw.train());
        }
        return columns;
    }

    private Prepared prepare(FittedPreprocessing p) {
        ModelSetup model = Objects.requireNonNull(raw.model().apply(p.features().size()), "model");
        Design train = p.apply(raw.table(), raw.train());
        Design test = raw.test().length == 0 ? null : p.apply(raw.table(), raw.test());
        Design external = raw.external() == null ? null : p.apply(raw.external());
        return prepared(train, test, external, model);
    }

    private FitReply fit(FitInstruction in) {
        Design train = prepared.train();
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
                prepared.model().training(settings, correction), in.seed());
        double[] trained = network.parameters().flatten();
        Map<String, double[]> extras = Map.of();
        if (serverControl != null) {
            boolean[] trainable = prepared.trainable();
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
        SiteEvaluation local = evaluate(network, prepared.test());
        SiteEvaluation ext = prepared.external() == null ? null : evaluate(network, prepared.external());
        return new EvaluateReply(in.round(), name, local, ext);
    }

    /** Another site's model, with its own preprocessing, on this site's test rows. */
    private SiteEvaluation evaluateModel(StatisticsInstruction.EvaluateModel e) {
        FittedPreprocessing p = e.preprocessing();
        ModelSetup model = Objects.requireNonNull(raw.model().apply(p.features().size()), "model");
        Network network = model.newNetwork(0);
        double[] parameters = e.parameters();
        if (parameters.length != network.parameters().size()) {
            throw new IllegalArgumentException("site " + name + ": the model has " + parameters.length
                    + " values, the experiment's network for " + p.features().size() + " features has "
                    + network.parameters().size());
        }
        network.setParameters(network.parameters().withFlat(parameters));
        return evaluate(model, network, raw.test().length == 0 ? null : p.apply(raw.table(), raw.test()));
    }

    private Network network(double[] global) {
        Parameters layout = prepared.layout();
        if (global.length != layout.size()) {
            throw new IllegalArgumentException("site " + name + ": global model has " + global.length
                    + " values, the model has " + layout.size());
        }
        Network network = prepared.model().newNetwork(0);
        network.setParameters(layout.withFlat(global));
        return network;
    }

    private SiteEvaluation evaluate(Network network, Design d) {
        return evaluate(prepared.model(), network, d);
    }

    private static SiteEvaluation evaluate(ModelSetup model, Network network, Design d) {
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
