package org.fedhaem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedhaem.data.Table;
import org.fedhaem.data.TableReader;
import org.fedhaem.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code fedhaem import ipssm} against make_mds.R's output, and {@code fedhaem synth}. */
class ImportAndSynthCommandTest {
    private static final String CLINICAL_HEADER = "ID\tSEX\tAGE\tBM_BLAST\tANC\tHB\tPLT\tIPSSR_SCORE\tIPSSM_SCORE"
            + "\tOS_YEARS\tOS_STATUS";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"import", "import ipssm", "synth"})
    void newCommandsHaveHelp(String command) {
        Cli cli = Cli.run((command + " --help").split(" "));
        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).contains("Usage: fedhaem " + command);
    }

    /** The real files (read in place, never copied): every line and value equals R's mds_iwgpm.csv. */
    @Test
    void ipssmImportReproducesMakeMdsR() throws IOException {
        Path mds = SharedData.mds();
        Path out = dir.resolve("mds.csv");
        Cli cli = Cli.run("import", "ipssm", "--clinical", mds.resolve("df_clinical.tsv").toString(), "--mutations",
                mds.resolve("df_mut.tsv").toString(), "--out", out.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("2957 patients read, 2766 with a survival time written to");
        List<String> got = Files.readAllLines(out);
        List<String> want = Files.readAllLines(mds.resolve("mds_iwgpm.csv"));
        assertThat(got).hasSameSizeAs(want);
        for (int i = 0; i < want.size(); i++) {
            assertThat(got.get(i).split(",", -1)).as("line " + (i + 1)).containsExactly(want.get(i).split(",", -1));
        }
    }

    @Test
    void ipssmImportByHandDropsRowsWithoutAUsableTimeAndBlanksNa() throws IOException {
        Path clinical = write("c.tsv", CLINICAL_HEADER,
                "p1\tM\t70\t3\t1.5\t9.8\t120\t2.5\t-0.4\t2.25\t1",
                "p2\tF\tNA\t\"12\"\tNA\t8\t40\t6\t1.1\tNA\t1",
                "p3\tF\t65\t1\t2\t11\t200\t1\t-1\t0\t0",
                "p4\tF\t81\t0.5\t3.1\t12.5\t310\t0\t-1.5\t4.5\t0");
        Path mutations = mutations("m.tsv", "p1", "p2", "p3", "p4");
        Path out = dir.resolve("out.csv");
        Cli cli = Cli.run("import", "ipssm", "--clinical", clinical.toString(), "--mutations", mutations.toString(),
                "--out", out.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("4 patients read, 2 with a survival time", "(2 left out");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).startsWith("Gender,AOD,Neutrophils,Hemoglobin,Platelets,BMB,ASXL1,BCOR,")
                .endsWith(",ZRSR2,SETBP1,time,event,IPSSM_SCORE,IPSSR_SCORE");
        // p1: TP53 (gene 26 of 30) set to 1 by mutations(); p2 has no time, p3 a time of 0
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).isEqualTo("1,70,1.5,9.8,120,3" + ",0".repeat(25) + ",1" + ",0".repeat(4)
                + ",2.25,1,-0.4,2.5");
        assertThat(lines.get(2)).isEqualTo("0,81,3.1,12.5,310,0.5" + ",0".repeat(25) + ",1"
                + ",0".repeat(4) + ",4.5,0,-1.5,0");
    }

    @Test
    void ipssmImportNamesAMissingGeneColumn() throws IOException {
        Path clinical = write("c.tsv", CLINICAL_HEADER, "p1\tM\t70\t3\t1.5\t9.8\t120\t2.5\t-0.4\t2.25\t1");
        Path mutations = write("df_mut.tsv", "ID\tASXL1\tTP53", "p1\t0\t1");
        Cli cli = Cli.run("import", "ipssm", "--clinical", clinical.toString(), "--mutations", mutations.toString(),
                "--out", dir.resolve("out.csv").toString());
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("df_mut.tsv: no column 'BCOR' (gene of the seed paper's feature set)");
        assertThat(dir.resolve("out.csv")).doesNotExist();
    }

    @Test
    void ipssmImportRejectsMismatchedIdsAndCounts() throws IOException {
        Path clinical = write("c.tsv", CLINICAL_HEADER, "p1\tM\t70\t3\t1.5\t9.8\t120\t2.5\t-0.4\t2.25\t1",
                "p2\tF\t60\t3\t1.5\t9.8\t120\t2.5\t-0.4\t2.25\t1");
        Cli swapped = Cli.run("import", "ipssm", "--clinical", clinical.toString(), "--mutations",
                mutations("m.tsv", "p2", "p1").toString(), "--out", dir.resolve("out.csv").toString());
        assertThat(swapped.exitCode()).isEqualTo(1);
        assertThat(swapped.err()).contains("m.tsv:2: ID 'p2' but c.tsv:2 has ID 'p1'");
        Cli shorter = Cli.run("import", "ipssm", "--clinical", clinical.toString(), "--mutations",
                mutations("m1.tsv", "p1").toString(), "--out", dir.resolve("out.csv").toString());
        assertThat(shorter.exitCode()).isEqualTo(1);
        assertThat(shorter.err()).contains("c.tsv has 2 patients but m1.tsv has 1");
    }

    @Test
    void ipssmImportRejectsText() throws IOException {
        Path clinical = write("c.tsv", CLINICAL_HEADER, "p1\tM\tseventy\t3\t1.5\t9.8\t120\t2.5\t-0.4\t2.25\t1");
        Cli cli = Cli.run("import", "ipssm", "--clinical", clinical.toString(), "--mutations",
                mutations("m.tsv", "p1").toString(), "--out", dir.resolve("out.csv").toString());
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("c.tsv:2: column 'AGE': value 'seventy' is not a number");
    }

    @Test
    void synthWritesTheCohortsReadableAndReproducible() throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        assertThat(Cli.run("synth", "mds", "--seed", "3", "--out", a.toString()).exitCode()).isZero();
        assertThat(Cli.run("synth", "mds", "--seed", "3", "--out", b.toString()).exitCode()).isZero();
        assertThat(Files.readAllLines(a)).isEqualTo(Files.readAllLines(b));
        // An existing file is kept unless --force says to replace it.
        Cli again = Cli.run("synth", "mds", "--seed", "4", "--out", a.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("exists: not replaced (use --force to replace it)");
        assertThat(Files.readAllLines(a)).isEqualTo(Files.readAllLines(b));
        assertThat(Cli.run("synth", "mds", "--seed", "3", "--force", "--out", a.toString()).exitCode()).isZero();
        Table mds = TableReader.read(a);
        assertThat(mds.rows()).isEqualTo(4427);
        assertThat(mds.columns()).hasSize(38).startsWith("Gender", "AOD").endsWith("SETBP1", "time", "event");

        Path holed = dir.resolve("holed.csv");
        Cli cli = Cli.run("synth", "mds", "--n", "2000", "--missing", "--out", holed.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("synthetic mds cohort of 2000 patients (seed 42) written to");
        assertThat(Files.readString(holed)).contains(",,");

        Path scd = dir.resolve("scd.csv");
        assertThat(Cli.run("synth", "scd", "--out", scd.toString()).exitCode()).isZero();
        Table t = TableReader.read(scd);
        assertThat(t.rows()).isEqualTo(65);
        assertThat(t.columns()).containsExactly("hemoglobin", "hbf", "systolic_bp", "male", "prior_seizures", "age",
                "label");
    }

    @Test
    void synthRejectsAnUnknownCohortAndABadSize() {
        Cli unknown = Cli.run("synth", "aml", "--out", dir.resolve("x.csv").toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("COHORT must be mds or scd, got 'aml'");
        Cli zero = Cli.run("synth", "scd", "--n", "0", "--out", dir.resolve("x.csv").toString());
        assertThat(zero.err()).contains("--n must be >= 1, got 0");
        assertThat(dir.resolve("x.csv")).doesNotExist();
    }

    /** A mutation file with the 30 genes (and one other) where each patient has TP53 only. */
    private Path mutations(String name, String... ids) throws IOException {
        List<String> genes = new ArrayList<>(IpssmImport.GENES);
        genes.add(3, "CUX1");
        List<String> lines = new ArrayList<>();
        lines.add("ID\t" + String.join("\t", genes));
        for (String id : ids) {
            StringBuilder row = new StringBuilder(id);
            for (String g : genes) {
                row.append('\t').append(g.equals("TP53") ? "1" : "0");
            }
            lines.add(row.toString());
        }
        return write(name, lines.toArray(new String[0]));
    }

    private Path write(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, List.of(lines));
        return p;
    }
}
