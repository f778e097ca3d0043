package org.fedhaem.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fedhaem.data.Design;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.Schema;
import org.fedhaem.data.Table;
import org.fedhaem.data.TableReader;
import org.fedhaem.metrics.BinaryMetrics;
import org.fedhaem.metrics.Concordance;
import org.fedhaem.metrics.ConfusionMatrix;
import org.fedhaem.metrics.HarrellC;
import org.fedhaem.metrics.MetricValue;
import org.fedhaem.metrics.Normal;
import org.fedhaem.model.Activation;
import org.fedhaem.model.Adam;
import org.fedhaem.model.BaselineHazard;
import org.fedhaem.model.CoxFit;
import org.fedhaem.model.CoxRegression;
import org.fedhaem.model.LearningRateSchedule;
import org.fedhaem.model.LogisticFit;
import org.fedhaem.model.LogisticRegression;
import org.fedhaem.model.Network;
import org.fedhaem.model.NetworkSpec;
import org.fedhaem.model.SavedModel;
import org.fedhaem.model.Ties;
import org.fedhaem.model.Trainer;
import org.fedhaem.model.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fedhaem fit}: one model on a whole file, as a statistician would fit it in R. */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fit a model on every row of one file and print its coefficients and in-sample metrics.",
                "cox: Cox proportional hazards by Newton-Raphson as R coxph (coef, HR, SE, Harrell's C).",
                "logistic: logistic regression by IRLS as R glm (coef, SE, F1 at p > 0.5, AUC).",
                "deepsurv: a neural Cox model trained by mini-batches (in-sample Harrell's C)."})
final class FitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV or TSV file with a header row.")
    Path data;

    @Option(names = "--model", required = true, paramLabel = "cox|logistic|deepsurv", description = "Model to fit.")
    String model;

    @Option(names = "--time", defaultValue = "time", description = "Survival time column (default: ${DEFAULT-VALUE}).")
    String time;

    @Option(names = "--event", defaultValue = "event",
            description = "Event column, 1 = event, 0 = censored (default: ${DEFAULT-VALUE}).")
    String event;

    @Option(names = "--label", defaultValue = "label",
            description = "Binary outcome column for logistic, 1 = positive (default: ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--features", split = ",", paramLabel = "COL", description = "Feature columns (default: all others).")
    List<String> features = List.of();

    @Option(names = "--exclude", split = ",", paramLabel = "COL", description = "Columns that are not features.")
    List<String> exclude = List.of();

    @Option(names = "--categorical", split = ",", paramLabel = "COL=REF",
            description = "Categorical columns, one-hot encoded against the stated reference level.")
    Map<String, String> categorical = new LinkedHashMap<>();

    @Option(names = "--ties", defaultValue = "efron", paramLabel = "efron|breslow",
            description = "Tied event times in the Cox likelihood (default: ${DEFAULT-VALUE}).")
    String ties;

    @Option(names = "--missing", defaultValue = "drop", paramLabel = "drop|median|mean|mode",
            description = "Missing values: drop incomplete rows (as R) or impute (default: ${DEFAULT-VALUE}).")
    String missing;

    @Option(names = "--scale", paramLabel = "none|standard|minmax",
            description = "Feature scaling (default: none for cox and logistic, so coefficients are on the raw "
                    + "scale as in R; standard for deepsurv).")
    String scale;

    @Option(names = "--l2", defaultValue = "0", description = "L2 (ridge) penalty (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--hidden", split = ",", paramLabel = "N", description = "deepsurv: hidden layer widths "
            + "(default: 32,32,32).")
    List<Integer> hidden = List.of(32, 32, 32);

    @Option(names = "--activation", defaultValue = "relu", description = "deepsurv: relu, selu or tanh "
            + "(default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--dropout", defaultValue = "0.5", description = "deepsurv: dropout (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--no-batch-norm", description = "deepsurv: no batch normalisation.")
    boolean noBatchNorm;

    @Option(names = "--epochs", defaultValue = "100", description = "deepsurv: epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "512", description = "deepsurv: batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.001", description = "deepsurv: Adam learning rate "
            + "(default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", defaultValue = "42", description = "deepsurv: seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--save", paramLabel = "MODEL.json",
            description = "Save the model with its preprocessing, to score new patients with 'fedhaem predict'.")
    Path save;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        boolean survival = !model.equals("logistic");
        if (!List.of("cox", "logistic", "deepsurv").contains(model)) {
            throw new ParameterException(spec.commandLine(), "--model must be cox, logistic or deepsurv, got '"
                    + model + "'");
        }
        String scaling = scale != null ? scale : model.equals("deepsurv") ? "standard" : "none";
        // The words of --ties, --missing, --scale and --activation are usage errors (exit 2), found before the data
        // is read.
        try {
            Options.ties(ties);
            Options.missing(missing);
            Options.scaling(scaling);
            Options.activation(activation);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Schema schema = (survival ? Schema.survival(time, event) : Schema.binary(label))
                .withFeatures(features).withExclude(exclude);
        for (Map.Entry<String, String> c : categorical.entrySet()) {
            schema = schema.withCategorical(c.getKey(), c.getValue());
        }
        Table table = TableReader.read(data, schema);
        int[] all = Rows.all(table.rows());
        FittedPreprocessing prep = new Preprocessing(Options.missing(missing), Options.scaling(scaling))
                .fit(table, schema, all);
        Design d = prep.apply(table, all);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model);
        out.put("data", data.toString());
        out.put("n", d.rows());
        out.put("rows_left_out", table.rows() - d.rows());
        out.put("missing", missing);
        out.put("scale", scaling);
        SavedModel saved = switch (model) {
            case "cox" -> cox(d, prep, out);
            case "logistic" -> logistic(d, prep, out);
            default -> deepSurv(d, prep, out);
        };
        if (save != null) {
            saved.write(save);
            out.put("saved", save.toString());
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(Json.write(out));
        } else {
            printText(w, out);
        }
        w.flush();
        return 0;
    }

    private SavedModel cox(Design d, FittedPreprocessing prep, Map<String, Object> out) {
        Ties t = Options.ties(ties);
        CoxFit fit = CoxRegression.fit(d, t, CoxRegression.Options.TIGHT.withL2(l2));
        double[] eta = fit.linearPredictor(d.x());
        Concordance c = HarrellC.concordance(d.survival().time(), d.survival().event(), eta);
        out.put("ties", ties);
        out.put("events", d.survival().events());
        out.put("coefficients", named(fit.names(), fit.coefficients()));
        out.put("se", named(fit.names(), fit.standardErrors()));
        out.put("hazard_ratios", named(fit.names(), fit.hazardRatios()));
        out.put("p_values", pValues(fit.names(), fit.coefficients(), fit.standardErrors()));
        out.put("loglik", fit.logLikelihood());
        out.put("loglik_null", fit.nullLogLikelihood());
        out.put("iterations", fit.iterations());
        out.put("converged", fit.converged());
        putConcordance(out, c);
        Network n = new Network(NetworkSpec.linear(d.columns(), false), 0);
        n.setParameters(fit.toParameters());
        BaselineHazard h = BaselineHazard.estimate(d.survival().time(), d.survival().event(), eta, t);
        return SavedModel.of("cox", n, prep, h, provenance());
    }

    private SavedModel logistic(Design d, FittedPreprocessing prep, Map<String, Object> out) {
        LogisticFit fit = LogisticRegression.fit(d, l2, LogisticRegression.Options.TIGHT);
        double[] p = fit.probabilities(d.x());
        boolean[] y = d.binary().label();
        ConfusionMatrix cm = BinaryMetrics.confusion(y, p);
        out.put("events", d.binary().positives());
        out.put("positives", d.binary().positives());
        out.put("coefficients", named(fit.names(), fit.coefficients()));
        out.put("se", named(fit.names(), fit.standardErrors()));
        out.put("p_values", pValues(fit.names(), fit.coefficients(), fit.standardErrors()));
        out.put("loglik", fit.logLikelihood());
        out.put("deviance", fit.deviance());
        out.put("null_deviance", fit.nullDeviance());
        out.put("iterations", fit.iterations());
        out.put("converged", fit.converged());
        out.put("threshold", BinaryMetrics.DEFAULT_THRESHOLD);
        putMetric(out, "f1", cm.f1());
        putMetric(out, "auc", BinaryMetrics.auc(y, p));
        putMetric(out, "precision", cm.precision());
        putMetric(out, "recall", cm.recall());
        putMetric(out, "accuracy", cm.accuracy());
        out.put("confusion", Map.of("tp", cm.truePositive(), "fp", cm.falsePositive(), "tn", cm.trueNegative(),
                "fn", cm.falseNegative()));
        Network n = new Network(NetworkSpec.linear(d.columns(), true), 0);
        n.setParameters(fit.toParameters());
        return SavedModel.of("logistic", n, prep, null, provenance());
    }

    private SavedModel deepSurv(Design d, FittedPreprocessing prep, Map<String, Object> out) {
        int[] widths = hidden.stream().mapToInt(Integer::intValue).toArray();
        NetworkSpec ns = new NetworkSpec(d.columns(), widths, Options.activation(activation), !noBatchNorm, dropout,
                false);
        Ties t = Options.ties(ties);
        Network n = new Network(ns, seed);
        TrainingConfig config = new TrainingConfig(epochs, batchSize, new Adam(lr),
                new LearningRateSchedule.Constant(), t, 0);
        double[] losses = Trainer.fit(n, d.x(), d.outcome(), config, seed);
        double[] eta = n.predict(d.x());
        Concordance c = HarrellC.concordance(d.survival().time(), d.survival().event(), eta);
        out.put("ties", ties);
        out.put("events", d.survival().events());
        out.put("hidden", widths);
        out.put("epochs", epochs);
        out.put("seed", seed);
        out.put("final_loss", losses.length == 0 ? null : losses[losses.length - 1]);
        putConcordance(out, c);
        BaselineHazard h = BaselineHazard.estimate(d.survival().time(), d.survival().event(), eta, t);
        return SavedModel.of("deepsurv", n, prep, h, provenance());
    }

    private Map<String, String> provenance() {
        Map<String, String> p = new LinkedHashMap<>(Provenance.basic());
        p.put("command", "fit");
        p.put("data", data.getFileName().toString());
        return p;
    }

    private static void putConcordance(Map<String, Object> out, Concordance c) {
        putMetric(out, "c_index", c.value());
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("concordant", c.concordant());
        counts.put("discordant", c.discordant());
        counts.put("tied_risk", c.tiedRisk());
        counts.put("tied_time", c.tiedTime());
        counts.put("tied_both", c.tiedBoth());
        out.put("concordance", counts);
    }

    private static void putMetric(Map<String, Object> out, String name, MetricValue v) {
        out.put(name, Json.number(v.value()));
        if (!v.isDefined()) {
            out.put(name + "_undefined", v.undefinedReason());
        }
    }

    /** Wald p-values, two-sided, as R's summary() prints them. */
    private static Map<String, Double> pValues(List<String> names, double[] coef, double[] se) {
        double[] p = new double[coef.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Normal.twoSidedP(coef[i] / se[i]);
        }
        return named(names, p);
    }

    private static Map<String, Double> named(List<String> names, double[] values) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(names.get(i), values[i]);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private void printText(PrintWriter w, Map<String, Object> o) {
        String what = switch (model) {
            case "cox" -> "Cox proportional hazards (" + ties + " ties)";
            case "logistic" -> "Logistic regression";
            default -> "DeepSurv " + hidden;
        };
        w.printf(Locale.ROOT, "%s on %s: n = %d, %s = %d", what, data.getFileName(), (Integer) o.get("n"),
                model.equals("logistic") ? "positives" : "events", (Integer) o.get("events"));
        int left = (Integer) o.get("rows_left_out");
        w.println(left > 0 ? String.format(Locale.ROOT, " (%d rows with a missing value left out)", left) : "");
        if (!model.equals("deepsurv")) {
            Map<String, Double> coef = (Map<String, Double>) o.get("coefficients");
            Map<String, Double> se = (Map<String, Double>) o.get("se");
            Map<String, Double> hr = (Map<String, Double>) o.get("hazard_ratios");
            Map<String, Double> p = (Map<String, Double>) o.get("p_values");
            int width = Math.max(12, coef.keySet().stream().mapToInt(String::length).max().orElse(0) + 2);
            List<String> header = new ArrayList<>(List.of("coef"));
            if (hr != null) {
                header.add("HR");
            }
            header.addAll(List.of("SE", "z", "p"));
            w.printf(Locale.ROOT, "%-" + width + "s", "");
            header.forEach(h -> w.printf(Locale.ROOT, "%12s", h));
            w.println();
            for (String name : coef.keySet()) {
                double b = coef.get(name);
                double s = se.get(name);
                w.printf(Locale.ROOT, "%-" + width + "s%12.6g", name, b);
                if (hr != null) {
                    w.printf(Locale.ROOT, "%12.6g", hr.get(name));
                }
                w.printf(Locale.ROOT, "%12.6g%12.3f%12s%n", s, b / s, pValue(p.get(name)));
            }
            w.printf(Locale.ROOT, "log-likelihood %.6f", (Double) o.get("loglik"));
            if (o.containsKey("loglik_null")) {
                w.printf(Locale.ROOT, " (null %.6f)", (Double) o.get("loglik_null"));
            }
            if (o.containsKey("deviance")) {
                w.printf(Locale.ROOT, ", deviance %.6f (null %.6f)", (Double) o.get("deviance"),
                        (Double) o.get("null_deviance"));
            }
            w.printf(Locale.ROOT, ", %d Newton iterations%n", (Integer) o.get("iterations"));
        } else {
            w.printf(Locale.ROOT, "final training loss %.6f after %d epochs (seed %d)%n", (Double) o.get("final_loss"),
                    epochs, seed);
        }
        if (model.equals("logistic")) {
            w.printf(Locale.ROOT, "in-sample at p > 0.5: F1 %s, precision %s, recall %s, accuracy %s; AUC %s%n",
                    metric(o, "f1"), metric(o, "precision"), metric(o, "recall"), metric(o, "accuracy"),
                    metric(o, "auc"));
        } else {
            Map<String, Long> c = (Map<String, Long>) o.get("concordance");
            w.printf(Locale.ROOT, "Harrell's C (in-sample) %s: concordant %d, discordant %d, tied risk %d%n",
                    metric(o, "c_index"), c.get("concordant"), c.get("discordant"), c.get("tied_risk"));
        }
        if (o.containsKey("saved")) {
            w.println("model saved to " + o.get("saved"));
        }
    }

    private static String pValue(double p) {
        return p < 2e-16 ? "<2e-16" : String.format(Locale.ROOT, p < 1e-3 ? "%.2e" : "%.4f", p);
    }

    private static String metric(Map<String, Object> o, String name) {
        Object v = o.get(name);
        return v == null ? "undefined (" + o.get(name + "_undefined") + ")" : String.format(Locale.ROOT, "%.4f", v);
    }
}
