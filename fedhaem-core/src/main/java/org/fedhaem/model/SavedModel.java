package org.fedhaem.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Schema;
import org.fedhaem.data.Table;

/**
 * A trained model with everything needed to score new patients: the network layout and its parameters, the
 * preprocessing fitted on the training rows, and for survival models the baseline hazard. Linear Cox and logistic
 * regression are networks without a hidden layer, so one format and one prediction path serve every model.
 * Written as one JSON file (format {@value #FORMAT}, documented in docs/model-format.md); doubles are written in
 * their shortest round-trip form, so a loaded model predicts bit for bit what the saved one did.
 *
 * @param kind           {@code cox}, {@code deepsurv} or {@code logistic}
 * @param baselineHazard required for survival models, absent for logistic ones
 * @param provenance     free-form facts about how the model was made (version, data file, command)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SavedModel(String format, String kind, NetworkSpec network, List<Parameters.Tensor> parameters,
                         FittedPreprocessing preprocessing,
                         @JsonProperty("baseline_hazard") BaselineHazard baselineHazard,
                         Map<String, String> provenance) {

    public static final String FORMAT = "fedhaem-model/1";
    private static final List<String> KINDS = List.of("cox", "deepsurv", "logistic");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public SavedModel {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format is '" + format + "', this version reads " + FORMAT);
        }
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind is '" + kind + "', expected one of " + KINDS);
        }
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(preprocessing, "preprocessing");
        parameters = List.copyOf(parameters);
        provenance = provenance == null ? Map.of() : new TreeMap<>(provenance);
        boolean survival = preprocessing.target() instanceof Schema.SurvivalTarget;
        if (survival == kind.equals("logistic")) {
            throw new IllegalArgumentException("a " + kind + " model needs a " + (survival ? "binary" : "survival")
                    + " outcome, the preprocessing has " + preprocessing.target());
        }
        if (survival && baselineHazard == null) {
            throw new IllegalArgumentException("a survival model needs its baseline hazard");
        }
        if (network.inputs() != preprocessing.features().size()) {
            throw new IllegalArgumentException("the network has " + network.inputs() + " inputs but the preprocessing "
                    + "makes " + preprocessing.features().size() + " features");
        }
        // Fails here, not at prediction time, when names or shapes do not fit the layout.
        new Network(network, 0).setParameters(new Parameters(parameters));
    }

    /** A model from a trained network. */
    public static SavedModel of(String kind, Network network, FittedPreprocessing preprocessing,
                                BaselineHazard baselineHazard, Map<String, String> provenance) {
        return new SavedModel(FORMAT, kind, network.spec(), network.parameters().tensors(), preprocessing,
                baselineHazard, provenance);
    }

    @JsonIgnore
    public boolean isSurvival() {
        return baselineHazard != null;
    }

    /** A network holding the saved parameters. */
    public Network buildNetwork() {
        Network n = new Network(network, 0);
        n.setParameters(new Parameters(parameters));
        return n;
    }

    /** Reads a new patient file with this model's column types (categorical columns as text). */
    public Table readPatients(Path file) {
        return org.fedhaem.data.TableReader.read(file, preprocessing.schema());
    }

    /**
     * Risk score per row: the log-hazard for survival models, the probability of the positive class otherwise. A
     * model fitted with the {@code drop} policy cannot score a row with a missing feature: that row gets NaN (R's NA).
     */
    public double[] predict(Table table) {
        int[] rows = scorableRows(table);
        double[][] x = preprocessing.transform(table, rows);
        Network n = buildNetwork();
        double[] scored = isSurvival() ? n.predict(x) : n.predictProbability(x);
        double[] out = new double[table.rows()];
        java.util.Arrays.fill(out, Double.NaN);
        for (int k = 0; k < rows.length; k++) {
            out[rows[k]] = scored[k];
        }
        return out;
    }

    /** Survival probability of each row at each of {@code times}: [row][time]; NaN for rows {@link #predict} cannot score. */
    public double[][] survival(Table table, double[] times) {
        if (!isSurvival()) {
            throw new IllegalStateException("a " + kind + " model predicts no survival curve");
        }
        double[] risk = predict(table);
        double[][] out = new double[risk.length][];
        for (int i = 0; i < risk.length; i++) {
            if (Double.isNaN(risk[i])) {
                out[i] = new double[times.length];
                java.util.Arrays.fill(out[i], Double.NaN);
            } else {
                out[i] = baselineHazard.survival(risk[i], times);
            }
        }
        return out;
    }

    /** Every row, or under the {@code drop} policy the rows without a missing feature. */
    public int[] scorableRows(Table table) {
        boolean[] ok = new boolean[table.rows()];
        java.util.Arrays.fill(ok, true);
        if (preprocessing.missing() == org.fedhaem.data.Preprocessing.Missing.DROP) {
            for (org.fedhaem.data.FittedColumn c : preprocessing.columns()) {
                if (!table.has(c.name())) {
                    continue; // transform names the missing column
                }
                if (table.isNumeric(c.name())) {
                    double[] v = table.numeric(c.name());
                    for (int i = 0; i < v.length; i++) {
                        ok[i] &= !Double.isNaN(v[i]);
                    }
                } else {
                    String[] v = table.text(c.name());
                    for (int i = 0; i < v.length; i++) {
                        ok[i] &= v[i] != null;
                    }
                }
            }
        }
        int count = 0;
        for (boolean b : ok) {
            count += b ? 1 : 0;
        }
        int[] rows = new int[count];
        for (int i = 0, k = 0; i < ok.length; i++) {
            if (ok[i]) {
                rows[k++] = i;
            }
        }
        return rows;
    }

    /** Writes the model as JSON; the file appears whole or not at all. */
    public void write(Path file) {
        org.fedhaem.data.AtomicFile.write(file, out -> JSON.writeValue(out, this));
    }

    /** Reads a model written by {@link #write}; a damaged or foreign file gives an error naming it. */
    public static SavedModel read(Path file) {
        if (!java.nio.file.Files.exists(file)) {
            throw new IllegalArgumentException(file + ": the model file does not exist");
        }
        try {
            return JSON.readValue(file.toFile(), SavedModel.class);
        } catch (IOException e) {
            String why = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getMessage();
            throw new IllegalArgumentException(file + " is not a fedhaem model: " + why, e);
        }
    }
}
