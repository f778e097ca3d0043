package org.fedhaem.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedhaem.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void readsNumbersMissingValuesAndLineNumbers() throws IOException {
        Table t = TableReader.read(write("a.csv", "x,y\n1,2.5\n,NA\n\n-3e2,NaN\n"));
        assertThat(t.columns()).containsExactly("x", "y");
        assertThat(t.rows()).isEqualTo(3);
        assertThat(t.numeric("x")).containsExactly(1, Double.NaN, -300);
        assertThat(t.numeric("y")).containsExactly(2.5, Double.NaN, Double.NaN);
        // the blank line 4 is skipped, so the third row is on line 5
        assertThat(new int[] {t.line(0), t.line(1), t.line(2)}).containsExactly(2, 3, 5);
        assertThat(t.name()).isEqualTo("a.csv");
    }

    @Test
    void quotesBomCrlfAndTabs() throws IOException {
        Table t = TableReader.read(write("q.csv", "\uFEFF\"a\",\"b c\"\r\n\"1\",\"x, \"\"y\"\"\"\r\n2,\"multi\nline\"\r\n3,z\r\n"),
                Schema.binary("a").withCategorical("b c", "z"));
        assertThat(t.columns()).containsExactly("a", "b c");
        assertThat(t.text("b c")).containsExactly("x, \"y\"", "multi\nline", "z");
        assertThat(new int[] {t.line(0), t.line(1), t.line(2)}).containsExactly(2, 3, 5);
        Table tsv = TableReader.read(write("b.tsv", "a\tb\n1\t2\n"));
        assertThat(tsv.numeric("b")).containsExactly(2);
    }

    @Test
    void sniffsDelimiterForOtherExtensions() throws IOException {
        assertThat(TableReader.read(write("t.txt", "a\tb,c\n1\t2\n")).columns()).containsExactly("a", "b,c");
        assertThat(TableReader.read(write("s.dat", "a;b\n1;2\n")).numeric("b")).containsExactly(2);
        assertThat(TableReader.read(write("c.txt", "\"a\tx\",b\n1,2\n")).columns()).containsExactly("a\tx", "b");
        assertThat(TableReader.read(write("one.txt", "a\n1\n")).numeric("a")).containsExactly(1);
    }

    @Test
    void unusedColumnsMayHoldTextAndAreNumericWhenTheyCan() throws IOException {
        Table t = TableReader.read(write("u.csv", "id,site,score,time,event\nP1,1,0.5,3,1\nP2,2,,4,0\n"),
                Schema.survival("time", "event").withExclude(List.of("id", "site", "score")));
        assertThat(t.isNumeric("id")).isFalse();
        assertThat(t.text("id")).containsExactly("P1", "P2");
        assertThat(t.numeric("score")).containsExactly(0.5, Double.NaN);
        assertThat(t.isNumeric("site")).isTrue();
    }

    @Test
    void nonNumericCellNamesFileLineColumnAndValue() throws IOException {
        Path p = write("mds.csv", "Gender,AOD\n1,64\n0,abc\n");
        assertThatThrownBy(() -> TableReader.read(p)).isInstanceOf(DataException.class)
                .hasMessage("mds.csv:3: column 'AOD': value 'abc' is not a number")
                .satisfies(e -> {
                    DataException d = (DataException) e;
                    assertThat(d.file()).isEqualTo("mds.csv");
                    assertThat(d.line()).isEqualTo(3);
                    assertThat(d.column()).isEqualTo("AOD");
                    assertThat(d.value()).isEqualTo("abc");
                });
        assertThatThrownBy(() -> TableReader.read(write("inf.csv", "a\nInf\n")))
                .hasMessage("inf.csv:2: column 'a': value 'Inf' is not a number");
        assertThatThrownBy(() -> TableReader.read(write("d.csv", "a\n1d\n"))).hasMessageContaining("'1d' is not");
        assertThatThrownBy(() -> TableReader.read(write("e.csv", "a\n1e\n"))).hasMessageContaining("'1e' is not");
    }

    @Test
    void textInAFeatureColumnIsAnError() throws IOException {
        Path p = write("f.csv", "sex,time,event\nM,1,1\n");
        assertThatThrownBy(() -> TableReader.read(p, Schema.survival("time", "event")))
                .hasMessage("f.csv:2: column 'sex': value 'M' is not a number");
        assertThat(TableReader.read(p, Schema.survival("time", "event").withCategorical("sex", "F")).text("sex"))
                .containsExactly("M");
    }

    @Test
    void raggedRowsAreErrors() throws IOException {
        assertThatThrownBy(() -> TableReader.read(write("r.csv", "a,b,c\n1,2,3\n1,2\n")))
                .isInstanceOf(DataException.class).hasMessage("r.csv:3: row has 2 fields but the header has 3 columns");
        assertThatThrownBy(() -> TableReader.read(write("r2.csv", "a,b\n1,2,3\n")))
                .hasMessage("r2.csv:2: row has 3 fields but the header has 2 columns");
    }

    @Test
    void emptyAndHeaderOnlyFilesAreErrors() throws IOException {
        assertThatThrownBy(() -> TableReader.read(write("empty.csv", ""))).isInstanceOf(DataException.class)
                .hasMessage("empty.csv: is empty: expected a header row");
        assertThatThrownBy(() -> TableReader.read(write("bom.csv", "\uFEFF\n\n")))
                .hasMessage("bom.csv: is empty: expected a header row");
        assertThatThrownBy(() -> TableReader.read(write("h.csv", "a,b\n"))).isInstanceOf(DataException.class)
                .hasMessage("h.csv: has a header but no data rows");
    }

    @Test
    void duplicateAndEmptyColumnNamesAreErrors() throws IOException {
        assertThatThrownBy(() -> TableReader.read(write("dup.csv", "a,b,a\n1,2,3\n"))).isInstanceOf(DataException.class)
                .hasMessage("dup.csv:1: column 'a': is a duplicate column name (columns 1 and 3)");
        assertThatThrownBy(() -> TableReader.read(write("blank.csv", "a,,b\n1,2,3\n")))
                .hasMessage("blank.csv:1: column 2 of the header has no name");
    }

    @Test
    void unclosedQuoteAndInvalidUtf8AreErrors() throws IOException {
        assertThatThrownBy(() -> TableReader.read(write("q.csv", "a,b\n1,\"x\n2,3\n")))
                .hasMessage("q.csv:2: has a quote that is never closed");
        Path bad = dir.resolve("bad.csv");
        Files.write(bad, new byte[] {'a', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
        assertThatThrownBy(() -> TableReader.read(bad)).hasMessage("bad.csv: is not valid UTF-8 text");
    }

    @Test
    void missingDeclaredColumnNamesFileAndExistingColumns() throws IOException {
        Table t = TableReader.read(write("m.csv", "age,time,status\n1,2,1\n"), Schema.survival("time", "status"));
        assertThatThrownBy(() -> Schema.survival("time", "event").featureColumns(t)).isInstanceOf(DataException.class)
                .hasMessage("m.csv: column 'event': does not exist; the columns are [age, time, status]");
        assertThatThrownBy(() -> Schema.survival("time", "status").withFeatures(List.of("agee")).featureColumns(t))
                .hasMessageContaining("column 'agee': does not exist; the columns are [age, time, status]");
    }

    @Test
    void readsTheMdsCohortWithItsMissingCounts() {
        Table t = TableReader.read(SharedData.mds().resolve("mds_iwgpm.csv"));
        assertThat(t.rows()).isEqualTo(2766);
        assertThat(t.columns()).hasSize(40).startsWith("Gender", "AOD").endsWith("IPSSM_SCORE", "IPSSR_SCORE");
        assertThat(missing(t, "AOD")).isEqualTo(3);
        assertThat(missing(t, "Neutrophils")).isEqualTo(125);
        assertThat(missing(t, "Hemoglobin")).isEqualTo(68);
        assertThat(missing(t, "Platelets")).isEqualTo(78);
        assertThat(missing(t, "BMB")).isEqualTo(72);
        assertThat(missing(t, "time") + missing(t, "event") + missing(t, "TP53")).isZero();
        // first data row of the file, checked by eye: 1,64,0.2,7.6,119,14,...,1.11506849315068,1,3.48,6
        assertThat(t.numeric("AOD")[0]).isEqualTo(64);
        assertThat(t.numeric("time")[0]).isEqualTo(1.11506849315068);
        assertThat(t.line(2765)).isEqualTo(2767);
    }

    @Test
    void readsTheRawMdsTsvWithTextColumnsWhenTheyAreUnused() {
        Path clinical = SharedData.mds().resolve("df_clinical.tsv");
        Table t = TableReader.read(clinical, Schema.survival("OS_YEARS", "OS_STATUS").withFeatures(List.of("AGE")));
        assertThat(t.rows()).isEqualTo(2957);
        assertThat(t.isNumeric("ID")).isFalse();
        assertThat(t.isNumeric("AGE")).isTrue();
    }

    private static int missing(Table t, String column) {
        int m = 0;
        for (double v : t.numeric(column)) {
            if (Double.isNaN(v)) {
                m++;
            }
        }
        return m;
    }
}
