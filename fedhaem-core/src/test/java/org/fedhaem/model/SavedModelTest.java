package org.fedhaem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fedhaem.data.Design;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.Schema;
import org.fedhaem.data.SyntheticCohort;
import org.fedhaem.data.Table;
import org.fedhaem.data.TableReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedModelTest {
    @TempDir
    Path dir;

    private Table survivalTable() {
        Design d = SyntheticCohort.survival(300, new double[] {0.8, -0.5, 0.3}, 1.5, 0.1, 0.3, 11);
        return SyntheticCohort.toTable(d, "synthetic.csv");
    }

    @Test
    void deepSurvRoundTripsBitForBit() throws IOException {
        Table table = survivalTable();
        int[] rows = new int[table.rows()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        Schema schema = Schema.survival("time", "event");
        FittedPreprocessing prep = new Preprocessing(Preprocessing.Missing.MEDIAN, Preprocessing.Scaling.STANDARD)
                .fit(table, schema, rows);
        Design d = prep.apply(table);
        Network n = new Network(new NetworkSpec(3, new int[] {8, 4}, Activation.SELU, true, 0.2, false), 5);
        Trainer.fit(n, d.x(), d.outcome(), TrainingConfig.deepSurv(3).withEpochs(5), 5);
        double[] eta = n.predict(d.x());
        BaselineHazard h = BaselineHazard.estimate(d.survival().time(), d.survival().event(), eta, Ties.BRESLOW);
        SavedModel saved = SavedModel.of("deepsurv", n, prep, h, Map.of("seed", "5"));
        Path file = dir.resolve("m.json");
        saved.write(file);

        SavedModel loaded = SavedModel.read(file);
        assertThat(loaded.predict(table)).containsExactly(eta);
        double[] times = {0.5, 1, 2};
        assertThat(loaded.survival(table, times)).isDeepEqualTo(h.survivalCurves(eta, times));
        assertThat(loaded.provenance()).containsEntry("seed", "5");
        assertThat(Files.readString(file)).contains("\"format\" : \"fedhaem-model/1\"").contains("bn1.running_var");
    }

    @Test
    void logisticModelPredictsProbabilities() {
        Design d = SyntheticCohort.binary(200, new double[] {1.0, -1.0}, 0.2, 3);
        Table table = SyntheticCohort.toTable(d, "b.csv");
        FittedPreprocessing prep = new Preprocessing(Preprocessing.Missing.DROP, Preprocessing.Scaling.NONE)
                .fit(table, Schema.binary("label"), allRows(table));
        LogisticFit fit = LogisticRegression.fit(prep.apply(table), 0, LogisticRegression.Options.TIGHT);
        Network n = new Network(NetworkSpec.linear(2, true), 0);
        n.setParameters(fit.toParameters());
        SavedModel m = SavedModel.of("logistic", n, prep, null, Map.of());
        assertThat(m.isSurvival()).isFalse();
        // The network adds the intercept after the products, the fit before them: equal up to rounding.
        assertThat(m.predict(table)).containsExactly(fit.probabilities(prep.apply(table).x()),
                org.assertj.core.api.Assertions.within(1e-14));
        assertThatThrownBy(() -> m.survival(table, new double[] {1})).hasMessageContaining("no survival curve");
    }

    @Test
    void rejectsInconsistentModels() throws IOException {
        Table table = survivalTable();
        FittedPreprocessing prep = new Preprocessing(Preprocessing.Missing.DROP, Preprocessing.Scaling.NONE)
                .fit(table, Schema.survival("time", "event"), allRows(table));
        Network n = new Network(NetworkSpec.linear(3, false), 0);
        assertThatThrownBy(() -> SavedModel.of("cox", n, prep, null, Map.of()))
                .hasMessageContaining("baseline hazard");
        assertThatThrownBy(() -> SavedModel.of("logistic", n, prep, null, Map.of()))
                .hasMessageContaining("needs a binary outcome");
        BaselineHazard h = new BaselineHazard(new double[] {1}, new double[] {0.1}, Ties.BRESLOW);
        Network wide = new Network(NetworkSpec.linear(4, false), 0);
        assertThatThrownBy(() -> SavedModel.of("cox", wide, prep, h, Map.of()))
                .hasMessageContaining("4 inputs").hasMessageContaining("3 features");
        assertThatThrownBy(() -> new SavedModel(SavedModel.FORMAT, "cox", NetworkSpec.linear(3, false),
                List.of(new Parameters.Tensor("out.weight", new int[] {1, 2}, new double[2])), prep, h, Map.of()))
                .hasMessageContaining("do not match");
    }

    @Test
    void aFileThatIsNotAModelIsNamed() throws IOException {
        Path file = dir.resolve("notes.json");
        Files.writeString(file, "{\"format\": \"something-else\"}");
        assertThatThrownBy(() -> SavedModel.read(file)).hasMessageContaining("notes.json is not a fedhaem model")
                .hasMessageContaining("something-else");
        Files.writeString(file, "{ broken");
        assertThatThrownBy(() -> SavedModel.read(file)).hasMessageContaining("notes.json is not a fedhaem model");
    }

    private static int[] allRows(Table t) {
        int[] rows = new int[t.rows()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
