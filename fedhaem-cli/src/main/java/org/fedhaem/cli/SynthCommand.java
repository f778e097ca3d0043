package org.fedhaem.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fedhaem.data.SyntheticMds;
import org.fedhaem.data.SyntheticScd;
import org.fedhaem.data.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fedhaem synth}: writes one of the built-in synthetic cohorts as CSV. */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a built-in synthetic cohort as CSV.",
                "mds: the seed paper's 36 MDS features, time (years) and event, drawn from aggregate statistics of "
                        + "the IWG-PM cohort (default 4427 patients).",
                "scd: children with sickle cell anaemia, label = silent cerebral infarct (default 65 patients)."})
final class SynthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "COHORT", description = "mds or scd.")
    String cohort;

    @Option(names = "--n", paramLabel = "N", description = "Number of patients (default: 4427 for mds, 65 for scd).")
    Integer n;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--missing", description = "mds: blank feature values at the real cohort's missing rates.")
    boolean missing;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the cohort.")
    Path out;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Override
    public Integer call() {
        Table table = switch (cohort) {
            case "mds" -> SyntheticMds.table(size(SyntheticMds.DEFAULT_SIZE), seed, missing);
            case "scd" -> {
                if (missing) {
                    throw new IllegalArgumentException("--missing applies to the mds cohort only");
                }
                yield SyntheticScd.table(size(SyntheticScd.DEFAULT_SIZE), seed);
            }
            default -> throw new IllegalArgumentException("COHORT must be mds or scd, got '" + cohort + "'");
        };
        if (java.nio.file.Files.exists(out) && !force) {
            throw new IllegalArgumentException(out + " exists: not replaced (use --force to replace it)");
        }
        CsvFile.write(out, lines(table));
        PrintWriter w = spec.commandLine().getOut();
        w.printf("synthetic %s cohort of %d patients (seed %d) written to %s%n", cohort, table.rows(), seed, out);
        w.flush();
        return 0;
    }

    private int size(int defaultSize) {
        int size = n == null ? defaultSize : n;
        if (size < 1) {
            throw new IllegalArgumentException("--n must be >= 1, got " + size);
        }
        return size;
    }

    private static List<String> lines(Table table) {
        List<String> columns = table.columns();
        double[][] values = new double[columns.size()][];
        for (int c = 0; c < values.length; c++) {
            values[c] = table.numeric(columns.get(c));
        }
        List<String> lines = new ArrayList<>(table.rows() + 1);
        lines.add(String.join(",", columns));
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < table.rows(); i++) {
            line.setLength(0);
            for (int c = 0; c < values.length; c++) {
                line.append(c == 0 ? "" : ",").append(Csv.number(values[c][i]));
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
