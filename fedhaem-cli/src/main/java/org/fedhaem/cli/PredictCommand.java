package org.fedhaem.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fedhaem.data.Table;
import org.fedhaem.model.SavedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fedhaem predict}: scores new patients with a saved model. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score new patients with a saved model (from 'fedhaem fit --save').",
                "Writes one row per input row: its data row number, the risk (log-hazard for cox and deepsurv, "
                        + "the probability of the positive class and the class for logistic) and, for survival models, the "
                        + "predicted survival probability at each --times value."})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL.json", description = "A saved model.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Patients to score: the model's feature columns; outcome columns are not needed.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "PRED.csv", description = "Where to write the predictions.")
    Path out;

    @Option(names = "--times", split = ",", paramLabel = "T", description = "Survival models: times at which to "
            + "predict the survival probability, in the training data's time unit.")
    List<Double> times = List.of();

    @Option(names = "--id", paramLabel = "COLUMN", description = "A column copied into the output to identify rows.")
    String id;

    @Option(names = "--threshold", defaultValue = "0.5", description = "Binary models: a row's class is 1 when its "
            + "probability is above this (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Override
    public Integer call() {
        SavedModel m = SavedModel.read(model);
        Table table = m.readPatients(data);
        if (id != null && !table.has(id)) {
            throw new IllegalArgumentException(data + ": no column '" + id + "' (--id); columns are " + table.columns());
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("--threshold must be between 0 and 1, got " + threshold);
        }
        if (!times.isEmpty() && !m.isSurvival()) {
            throw new IllegalArgumentException("--times: a " + m.kind() + " model predicts no survival curve");
        }
        double[] risk = m.predict(table);
        double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
        double[][] surv = t.length == 0 ? null : m.survival(table, t);
        String[] ids = id == null ? null : idColumn(table);
        write(risk, t, surv, ids, table, m.isSurvival() ? "risk" : "probability");
        PrintWriter w = spec.commandLine().getOut();
        int unscored = table.rows() - m.scorableRows(table).length;
        w.printf("%d predictions written to %s%n", risk.length - unscored, out);
        if (unscored > 0) {
            w.printf("%d rows with a missing feature have no prediction (empty cells): the model was fitted with "
                    + "--missing drop; fit with --missing median to impute%n", unscored);
        }
        w.flush();
        return 0;
    }

    private String[] idColumn(Table table) {
        if (table.isNumeric(id)) {
            double[] v = table.numeric(id);
            String[] s = new String[v.length];
            for (int i = 0; i < v.length; i++) {
                s[i] = Double.isNaN(v[i]) ? "" : v[i] == Math.rint(v[i]) && Math.abs(v[i]) < 1e15
                        ? Long.toString((long) v[i]) : Double.toString(v[i]);
            }
            return s;
        }
        String[] s = table.text(id);
        for (int i = 0; i < s.length; i++) {
            s[i] = s[i] == null ? "" : s[i];
        }
        return s;
    }

    private void write(double[] risk, double[] t, double[][] surv, String[] ids, Table table, String riskName) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder("row");
        if (ids != null) {
            line.append(',').append(Csv.quote(id));
        }
        line.append(',').append(riskName);
        boolean binary = riskName.equals("probability");
        if (binary) {
            line.append(",class");
        }
        for (double ti : t) {
            line.append(",surv_").append(Csv.number(ti));
        }
        lines.add(line.toString());
        for (int i = 0; i < risk.length; i++) {
            line.setLength(0);
            line.append(table.line(i) - 1);
            if (ids != null) {
                line.append(',').append(Csv.quote(ids[i]));
            }
            line.append(',').append(Csv.number(risk[i]));
            if (binary) {
                line.append(',').append(Double.isNaN(risk[i]) ? "" : risk[i] > threshold ? "1" : "0");
            }
            for (int k = 0; k < t.length; k++) {
                line.append(',').append(Csv.number(surv[i][k]));
            }
            lines.add(line.toString());
        }
        CsvFile.write(out, lines);
    }
}
