package org.fedhaem.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fedhaem import ipssm}: the MDS table of the seed paper's feature set from the IPSS-M study's files. */
@Command(name = "ipssm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build the MDS table (the seed paper's 36 features, time, event and the IPSS-M and IPSS-R "
                + "scores) from the two public files of the IPSS-M study (github.com/papaemmelab/IPSSMstudy, "
                + "data/df_clinical.tsv and data/df_mut.tsv; Bernard et al., NEJM Evidence 2022).",
                "Patients without an overall survival time or status, or with a time <= 0, are left out; missing "
                        + "values are written as empty cells."})
final class IpssmImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--clinical", required = true, paramLabel = "df_clinical.tsv",
            description = "The study's clinical file (ID, SEX, AGE, ANC, HB, PLT, BM_BLAST, OS_YEARS, OS_STATUS...).")
    Path clinical;

    @Option(names = "--mutations", required = true, paramLabel = "df_mut.tsv",
            description = "The study's mutation file (ID and one 0/1 column per gene), patients in the same order.")
    Path mutations;

    @Option(names = "--out", required = true, paramLabel = "mds.csv", description = "Where to write the table.")
    Path out;

    @Override
    public Integer call() {
        IpssmImport.Result result = IpssmImport.convert(clinical, mutations);
        CsvFile.write(out, result.lines());
        PrintWriter w = spec.commandLine().getOut();
        w.printf("%d patients read, %d with a survival time written to %s (%d left out: no time or status, or time "
                + "<= 0)%n", result.patientsRead(), result.patientsWritten(), out,
                result.patientsRead() - result.patientsWritten());
        w.flush();
        return 0;
    }
}
