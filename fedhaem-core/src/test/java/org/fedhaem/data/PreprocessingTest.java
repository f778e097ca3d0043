package org.fedhaem.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedhaem.data.Preprocessing.Missing;
import org.fedhaem.data.Preprocessing.Scaling;
import org.fedhaem.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessingTest {
    private static final Schema SCHEMA = Schema.survival("time", "event").withCategorical("g", "a");
    private static final String HAND = "x,g,time,event\n1,a,5,1\n,b,3,0\n3,a,2,1\n4,c,8,0\n10,b,1,1\n";
    private static final int[] TRAIN = {0, 1, 2, 3};

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private Table hand() throws IOException {
        return TableReader.read(write("h.csv", HAND), SCHEMA);
    }

    @Test
    void statisticsOfTheTrainingRowsByHand() throws IOException {
        FittedPreprocessing f = new Preprocessing(Missing.MEDIAN, Scaling.STANDARD).fit(hand(), SCHEMA, TRAIN);
        FittedColumn.Numeric x = (FittedColumn.Numeric) f.columns().get(0);
        // observed training x = {1, 3, 4}; the 10 of the test row must not count
        assertThat(x.count()).isEqualTo(3);
        assertThat(x.median()).isEqualTo(3);
        assertThat(x.mean()).isCloseTo(8.0 / 3, within(1e-15));
        assertThat(x.sd()).isCloseTo(Math.sqrt(7.0 / 3), within(1e-15));
        assertThat(x.min()).isEqualTo(1);
        assertThat(x.max()).isEqualTo(4);
        assertThat(x.mode()).isEqualTo(1);
        FittedColumn.Categorical g = (FittedColumn.Categorical) f.columns().get(1);
        assertThat(g.levels()).containsExactly("a", "b", "c");
        assertThat(g.mode()).isEqualTo("a");
        assertThat(f.features()).containsExactly("x", "g_b", "g_c");
    }

    @Test
    void medianImputationThenStandardScalingByHand() throws IOException {
        Table t = hand();
        Design d = new Preprocessing(Missing.MEDIAN, Scaling.STANDARD).fit(t, SCHEMA, TRAIN).apply(t);
        double sd = Math.sqrt(7.0 / 3);
        assertThat(d.features()).containsExactly("x", "g_b", "g_c");
        assertThat(d.x()[0]).containsExactly(new double[] {(1 - 8.0 / 3) / sd, 0, 0}, within(1e-15));
        assertThat(d.x()[1]).containsExactly(new double[] {(3 - 8.0 / 3) / sd, 1, 0}, within(1e-15));
        assertThat(d.x()[3]).containsExactly(new double[] {(4 - 8.0 / 3) / sd, 0, 1}, within(1e-15));
        assertThat(d.x()[4]).containsExactly(new double[] {(10 - 8.0 / 3) / sd, 1, 0}, within(1e-15));
        assertThat(d.survival().time()).containsExactly(5, 3, 2, 8, 1);
        assertThat(d.survival().event()).containsExactly(true, false, true, false, true);
    }

    @Test
    void meanModeAndMinMaxByHand() throws IOException {
        Table t = hand();
        double[][] mean = new Preprocessing(Missing.MEAN, Scaling.MINMAX).fit(t, SCHEMA, TRAIN).transform(t);
        assertThat(mean[1][0]).isCloseTo((8.0 / 3 - 1) / 3, within(1e-15));
        assertThat(mean[4][0]).isEqualTo(3.0);
        double[][] mode = new Preprocessing(Missing.MODE, Scaling.NONE).fit(t, SCHEMA, TRAIN).transform(t);
        assertThat(mode[1][0]).isEqualTo(1.0);
        assertThat(mode[4][0]).isEqualTo(10.0);
    }

    @Test
    void evenCountMedianIsTheMeanOfTheMiddleTwo() throws IOException {
        Table t = TableReader.read(write("e.csv", "x,label\n4,1\n1,0\n,1\n3,0\n2,1\n"), Schema.binary("label"));
        FittedPreprocessing f = new Preprocessing(Missing.MEDIAN, Scaling.NONE).fit(t, Schema.binary("label"),
                new int[] {0, 1, 2, 3, 4});
        assertThat(((FittedColumn.Numeric) f.columns().get(0)).median()).isEqualTo(2.5);
        assertThat(f.apply(t).x()[2][0]).isEqualTo(2.5);
        assertThat(f.apply(t).binary().label()).containsExactly(true, false, true, false, true);
    }

    @Test
    void categoricalMissingTakesTheTrainingModeAndNumericLevelsSortNumerically() throws IOException {
        Schema s = Schema.binary("y").withCategorical("stage", "1");
        Table t = TableReader.read(write("c.csv", "stage,y\n10,1\n2,0\n1,1\n2,0\nNA,1\n"), s);
        FittedPreprocessing f = new Preprocessing(Missing.MEDIAN, Scaling.STANDARD).fit(t, s, new int[] {0, 1, 2, 3, 4});
        assertThat(f.features()).containsExactly("stage_2", "stage_10");
        assertThat(f.apply(t).x()[4]).containsExactly(1, 0);
        assertThat(f.apply(t).x()[0]).containsExactly(0, 1);
    }

    @Test
    void dropKeepsCompleteCasesOverFeaturesAndOutcome() throws IOException {
        Table t = TableReader.read(write("d.csv", "x,z,time,event\n1,1,5,1\n,2,3,0\n3,3,,1\n4,4,8,0\n6,5,1,1\n"),
                Schema.survival("time", "event"));
        FittedPreprocessing f = new Preprocessing(Missing.DROP, Scaling.NONE).fit(t, Schema.survival("time", "event"),
                new int[] {0, 1, 2, 3});
        assertThat(((FittedColumn.Numeric) f.columns().get(0)).count()).isEqualTo(2);
        assertThat(((FittedColumn.Numeric) f.columns().get(1)).mean()).isEqualTo(2.5);
        assertThat(f.usableRows(t, new int[] {0, 1, 2, 3, 4})).containsExactly(0, 3, 4);
        assertThat(f.apply(t).rows()).isEqualTo(3);
        assertThatThrownBy(() -> f.transform(t)).isInstanceOf(DataException.class)
                .hasMessage("d.csv:3: column 'x': is missing and the missing-value policy is drop, so this row has "
                        + "no prediction");
    }

    @Test
    void mgus2CompleteCasesUnderDrop() {
        Path csv = SharedData.rDatasets().resolve("csv/survival/mgus2.csv");
        Schema s = Schema.survival("time", "event");
        Table t = TableReader.read(csv, s);
        assertThat(t.rows()).isEqualTo(1384);
        FittedPreprocessing f = new Preprocessing(Missing.DROP, Scaling.NONE).fit(t, s, all(t.rows()));
        Design d = f.apply(t);
        assertThat(d.rows()).isEqualTo(1338);
        assertThat(d.features()).containsExactly("age", "sex_m", "hgb", "creat", "mspike");
        // oracle_full.json survival.mgus2: n_used 1338, n_events 938; first row of the file 88,0,13.1,1.3,0.5,30,1
        assertThat(d.survival().events()).isEqualTo(938);
        assertThat(d.x()[0]).containsExactly(88, 0, 13.1, 1.3, 0.5);
    }

    @Test
    void medianImputationOnMdsSplit42CentralizedTrainingRowsMatchesR() {
        Path mds = SharedData.mds();
        Schema s = Schema.survival("time", "event").withExclude(List.of("IPSSM_SCORE", "IPSSR_SCORE"));
        Table t = TableReader.read(mds.resolve("mds_iwgpm.csv"), s);
        Table assignment = TableReader.read(mds.resolve("split42_assignment.csv"),
                Schema.binary("row").withExclude(List.of("site", "role")));
        List<Integer> train = new ArrayList<>();
        String[] role = assignment.text("role");
        double[] row = assignment.numeric("row");
        for (int i = 0; i < role.length; i++) {
            if (role[i].equals("train")) {
                train.add((int) row[i] - 1);
            }
        }
        int[] rows = train.stream().mapToInt(Integer::intValue).toArray();
        assertThat(rows).hasSize(2213);
        FittedPreprocessing f = new Preprocessing(Missing.MEDIAN, Scaling.STANDARD).fit(t, s, rows);
        assertThat(f.features()).hasSize(36);
        // Expected values computed outside Java with awk + sort -g over the training rows of split42_assignment.csv
        // (the oracle_mds.R median(train, na.rm = TRUE)); Neutrophils has an even count: (1.93 + 1.936) / 2.
        assertThat(numeric(f, "AOD").median()).isEqualTo(72);
        assertThat(numeric(f, "Neutrophils").median()).isCloseTo(1.933, within(1e-15));
        assertThat(numeric(f, "Hemoglobin").median()).isEqualTo(9.7);
        assertThat(numeric(f, "Platelets").median()).isEqualTo(130);
        assertThat(numeric(f, "BMB").median()).isEqualTo(3);
        assertThat(numeric(f, "AOD").count()).isEqualTo(2211);
        assertThat(numeric(f, "Neutrophils").count()).isEqualTo(2112);
        assertThat(numeric(f, "AOD").mean()).isCloseTo(70.050655811850, within(1e-11));
        assertThat(numeric(f, "AOD").sd()).isCloseTo(12.126153003892, within(1e-11));
        assertThat(numeric(f, "Neutrophils").mean()).isCloseTo(2.398563915829, within(1e-11));
        assertThat(numeric(f, "Neutrophils").sd()).isCloseTo(1.853045473060, within(1e-11));
        assertThat(numeric(f, "AOD").min()).isEqualTo(12);
        assertThat(numeric(f, "AOD").max()).isEqualTo(100);
        Design d = f.apply(t);
        assertThat(d.rows()).isEqualTo(2766);
        assertThat(d.survival().events()).isEqualTo(1354);
        // a row with missing Neutrophils gets the standardised median
        double[] neut = t.numeric("Neutrophils");
        int missingRow = 0;
        while (!Double.isNaN(neut[missingRow])) {
            missingRow++;
        }
        assertThat(d.x()[missingRow][2]).isCloseTo((1.933 - 2.398563915829) / 1.853045473060, within(1e-11));
    }

    @Test
    void jsonRoundTripGivesTheSameValueAndTheSameFeatures() throws IOException {
        Table t = hand();
        FittedPreprocessing f = new Preprocessing(Missing.MEDIAN, Scaling.STANDARD).fit(t, SCHEMA, TRAIN);
        String json = f.toJson();
        assertThat(json).contains("\"median\" : 3.0", "\"type\" : \"categorical\"", "\"reference\" : \"a\"");
        FittedPreprocessing back = FittedPreprocessing.fromJson(json);
        assertThat(back).isEqualTo(f);
        Path file = dir.resolve("prep.json");
        f.write(file);
        FittedPreprocessing read = FittedPreprocessing.read(file);
        assertThat(read.transform(t)).isDeepEqualTo(f.transform(t));
        // a single observed value has sd NaN, which must survive JSON too
        Table one = TableReader.read(write("one.csv", "x,label\n1,1\n"), Schema.binary("label"));
        FittedPreprocessing single = new Preprocessing(Missing.MEDIAN, Scaling.NONE).fit(one, Schema.binary("label"),
                new int[] {0});
        assertThat(FittedPreprocessing.fromJson(single.toJson())).isEqualTo(single);
        assertThatThrownBy(() -> FittedPreprocessing.fromJson("{\"x\":1}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transformsANewPatientFileWithoutOutcomeAndAppliesAnExternalTestFile() throws IOException {
        FittedPreprocessing f = FittedPreprocessing.fromJson(
                new Preprocessing(Missing.MEDIAN, Scaling.MINMAX).fit(hand(), SCHEMA, TRAIN).toJson());
        Table patients = TableReader.read(write("new.csv", "id,g,x\nP1,c,4\nP2,,\n"), f.schema());
        assertThat(f.transform(patients)).isDeepEqualTo(new double[][] {{1, 0, 1}, {2.0 / 3, 0, 0}});
        Table external = TableReader.read(write("ext.csv", "time,event,x,g\n7,0,2,b\n"), f.schema());
        Design d = f.apply(external);
        assertThat(d.x()).isDeepEqualTo(new double[][] {{1.0 / 3, 1, 0}});
        assertThat(d.survival().time()).containsExactly(7);
    }

    @Test
    void unseenLevelIsAnErrorNamingFileAndLine() throws IOException {
        FittedPreprocessing f = new Preprocessing(Missing.MEDIAN, Scaling.NONE).fit(hand(), SCHEMA, new int[] {0, 1, 2});
        Table t = hand();
        assertThatThrownBy(() -> f.apply(t)).isInstanceOf(DataException.class)
                .hasMessage("h.csv:5: column 'g': value 'c' is a level not seen in the training rows; the levels are "
                        + "[a, b]");
    }

    @Test
    void referenceLevelThatDoesNotOccurIsAnError() throws IOException {
        Schema s = Schema.survival("time", "event").withCategorical("g", "z");
        Table t = TableReader.read(write("h.csv", HAND), s);
        assertThatThrownBy(() -> new Preprocessing(Missing.MEDIAN, Scaling.NONE).fit(t, s, TRAIN))
                .isInstanceOf(DataException.class)
                .hasMessage("h.csv: column 'g': value 'z' is the reference level but does not occur in the 4 training "
                        + "rows; the levels are [a, b, c]");
    }

    @Test
    void constantColumnUnderScalingIsAnErrorNamingColumnAndTrainingRows() throws IOException {
        Table t = TableReader.read(write("k.csv", "KIT,x,label\n0,1,1\n0,2,0\n0,3,1\n1,4,0\n"), Schema.binary("label"));
        Schema s = Schema.binary("label");
        assertThatThrownBy(() -> new Preprocessing(Missing.MEDIAN, Scaling.STANDARD).fit(t, s, new int[] {0, 1, 2}))
                .isInstanceOf(DataException.class)
                .hasMessage("k.csv: column 'KIT': is constant (0) over its 3 observed values in the 3 training rows "
                        + "(file lines 2, 3, 4), so standard scaling would divide by zero: exclude the column or use "
                        + "scaling none");
        assertThatThrownBy(() -> new Preprocessing(Missing.MEDIAN, Scaling.MINMAX).fit(t, s, new int[] {0, 1, 2}))
                .hasMessageContaining("minmax scaling would divide by zero");
        assertThat(new Preprocessing(Missing.MEDIAN, Scaling.NONE).fit(t, s, new int[] {0, 1, 2}).features())
                .containsExactly("KIT", "x");
        assertThat(new Preprocessing(Missing.MEDIAN, Scaling.STANDARD).fit(t, s, new int[] {0, 1, 2, 3}).features())
                .containsExactly("KIT", "x");
    }

    @Test
    void invalidOutcomesAreErrors() throws IOException {
        Schema s = Schema.survival("time", "event");
        Preprocessing p = new Preprocessing(Missing.MEDIAN, Scaling.NONE);
        Table badEvent = TableReader.read(write("ev.csv", "x,time,event\n1,2,1\n2,3,2\n"), s);
        assertThatThrownBy(() -> p.fit(badEvent, s, new int[] {0, 1})).isInstanceOf(DataException.class)
                .hasMessage("ev.csv:3: column 'event': value '2' is not 0 or 1 as an event (1 = event, 0 = censored) "
                        + "must be");
        Table negative = TableReader.read(write("neg.csv", "x,time,event\n1,-0.5,1\n"), s);
        assertThatThrownBy(() -> p.fit(negative, s, new int[] {0}))
                .hasMessage("neg.csv:2: column 'time': value '-0.5' is not a valid time (must be finite and >= 0)");
        Table missingTime = TableReader.read(write("mt.csv", "x,time,event\n1,2,1\n1,,0\n"), s);
        assertThatThrownBy(() -> p.fit(missingTime, s, new int[] {0, 1}))
                .hasMessage("mt.csv:3: column 'time': is missing");
        FittedPreprocessing ok = p.fit(missingTime, s, new int[] {0});
        assertThatThrownBy(() -> ok.apply(missingTime)).hasMessage("mt.csv:3: column 'time': is missing");
        Schema b = Schema.binary("label");
        Table badLabel = TableReader.read(write("lab.csv", "x,label\n1,0\n2,0.5\n"), b);
        assertThatThrownBy(() -> p.fit(badLabel, b, new int[] {0, 1}))
                .hasMessage("lab.csv:3: column 'label': value '0.5' is not 0 or 1 as a label (1 = positive, "
                        + "0 = negative) must be");
    }

    @Test
    void schemaRejectsContradictions() {
        assertThatThrownBy(() -> Schema.survival("time", "time")).hasMessageContaining("same column");
        assertThatThrownBy(() -> Schema.binary("y").withFeatures(List.of("y"))).hasMessageContaining("'y'");
        assertThatThrownBy(() -> Schema.binary("y").withFeatures(List.of("a")).withExclude(List.of("a")))
                .hasMessageContaining("both a feature and excluded");
        assertThatThrownBy(() -> Schema.binary("y").withFeatures(List.of("a")).withCategorical("b", "1"))
                .hasMessageContaining("not among the features");
        assertThatThrownBy(() -> Schema.binary("y").withCategorical("b", " ")).hasMessageContaining("reference level");
    }

    @Test
    void fittedValuesValidateTheirStatistics() {
        assertThatThrownBy(() -> new FittedColumn.Numeric("a", 0, 0, 0, 0, 0, 0, 0)).hasMessageContaining("count");
        assertThatThrownBy(() -> new FittedColumn.Numeric("a", 2, 0, 1, 5, 0, 0, 1)).hasMessageContaining("median 5");
        assertThatThrownBy(() -> new FittedColumn.Categorical("g", List.of("a"), "b", "a"))
                .hasMessageContaining("reference level 'b'");
        // A constant column reaches a fitted preprocessing only when the fit allowed it: centred, unit scale.
        assertThat(new FittedColumn.Numeric("a", 2, 1, 0, 1, 1, 1, 1).scale(Scaling.STANDARD)).isEqualTo(1);
        assertThatThrownBy(() -> new Preprocessing(Missing.MEDIAN, Scaling.STANDARD).fit(constantTable(),
                Schema.binary("y"), new int[] {0, 1})).hasMessageContaining("is constant");
        assertThat(new Preprocessing(Missing.MEDIAN, Scaling.STANDARD, true).fit(constantTable(), Schema.binary("y"),
                new int[] {0, 1}).transform(constantTable())).isDeepEqualTo(new double[][] {{0}, {0}});
    }

    private Table constantTable() {
        try {
            Path f = dir.resolve("constant.csv");
            Files.writeString(f, "a,y\n1,0\n1,1\n");
            return TableReader.read(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static FittedColumn.Numeric numeric(FittedPreprocessing f, String name) {
        for (FittedColumn c : f.columns()) {
            if (c.name().equals(name)) {
                return (FittedColumn.Numeric) c;
            }
        }
        throw new AssertionError("no column " + name);
    }

    static int[] all(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
