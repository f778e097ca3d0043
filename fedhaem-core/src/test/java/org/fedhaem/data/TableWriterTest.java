package org.fedhaem.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableWriterTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void sourceRowsKeepTheirSpellingAndComeInTheGivenOrder() throws IOException {
        // A TSV with a BOM, a blank line, NA, trailing zeros, exponents and a field that needs quotes in CSV.
        Path in = write("in.tsv", "\uFEFFid\tx\tname\n1\t1.50\tplain\n\n2\tNA\t\"a, \"\"b\"\"\"\n3\t1e-3\tc\n");
        Table t = TableReader.read(in, Schema.binary("id").withCategorical("name", "plain"));
        Path out = dir.resolve("out.csv");
        TableWriter.writeSourceRows(t, new int[] {2, 0, 1}, out);
        assertThat(Files.readString(out)).isEqualTo("id,x,name\n3,1e-3,c\n1,1.50,plain\n2,NA,\"a, \"\"b\"\"\"\n");
        Table back = TableReader.read(out, Schema.binary("id").withCategorical("name", "plain"));
        assertThat(back.numeric("x")).containsExactly(0.001, 1.5, Double.NaN);
        assertThat(back.text("name")).containsExactly("c", "plain", "a, \"b\"");
    }

    @Test
    void sourceThatChangedIsNamed() throws IOException {
        Path in = write("in.csv", "a,b\n1,2\n3,4\n");
        Table t = TableReader.read(in);
        write("in.csv", "a,c\n1,2\n3,4\n");
        assertThatThrownBy(() -> TableWriter.writeSourceRows(t, new int[] {0}, dir.resolve("o.csv")))
                .isInstanceOf(DataException.class).hasMessageContaining("in.csv").hasMessageContaining("changed");
        write("in.csv", "a,b\n1,2\n\n3,4\n");
        assertThatThrownBy(() -> TableWriter.writeSourceRows(t, new int[] {1}, dir.resolve("o.csv")))
                .hasMessageContaining("no row starts on this line");
        assertThat(dir.resolve("o.csv")).doesNotExist();
    }

    @Test
    void valuesAreWrittenInShortestRoundTripForm() throws IOException {
        Table t = Table.ofNumeric(Path.of("synthetic"), List.of("a", "b"),
                List.of(new double[] {1, 2.5, Double.NaN}, new double[] {0.1, -3, 1e20}));
        Path out = dir.resolve("v.csv");
        TableWriter.writeValues(t, new int[] {0, 2}, out);
        assertThat(Files.readString(out)).isEqualTo("a,b\n1,0.1\n,1.0E20\n");
        assertThat(TableReader.read(out).numeric("b")).containsExactly(0.1, 1e20);
    }
}
