package org.fedhaem.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fedhaem.data.SiteRows;
import org.fedhaem.data.Table;
import org.fedhaem.data.TableWriter;
import org.fedhaem.experiment.ExperimentConfig;
import org.fedhaem.experiment.SiteSplit;
import org.fedhaem.grpc.tls.SiteNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fedhaem split}: one data file per site, from an experiment's split. */
@Command(name = "split", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write one CSV file per site (DIR/<site>.csv) with the rows the experiment gives that site in "
                + "its first repeat (training and test rows, in data-row order, every column, cells as the input "
                + "file spells them), so a simulation ([split] files = [...]) and a deployment can run on the same "
                + "per-site files."})
final class SplitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT.toml", description = "The experiment file (docs/experiments.md).")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the site files (created).")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a key of the experiment, as in "
            + "simulate (e.g. --set seed=7).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--force", description = "Replace site files that exist already.")
    boolean force;

    @Override
    public Integer call() {
        ExperimentConfig config = ExperimentConfig.read(file, overrides);
        List<SiteSplit> sites = SiteSplit.ofRepeat(config, 0);
        List<Path> files = new ArrayList<>();
        for (SiteSplit s : sites) {
            try {
                SiteNames.require(s.name());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " (a site file is named after its site)", e);
            }
            Path f = out.resolve(s.name() + ".csv");
            if (!force && Files.exists(f)) {
                throw new IllegalArgumentException(f + " exists already; nothing was written (use --force to "
                        + "replace it)");
            }
            files.add(f);
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + out + ": " + e.getMessage(), e);
        }
        PrintWriter w = spec.commandLine().getOut();
        for (int i = 0; i < sites.size(); i++) {
            SiteSplit s = sites.get(i);
            int[] rows = rows(s.rows());
            // A synthetic cohort has no input text: its values are written in shortest round-trip form.
            if (config.data().synthetic() != null) {
                TableWriter.writeValues(s.table(), rows, files.get(i));
            } else {
                TableWriter.writeSourceRows(s.table(), rows, files.get(i));
            }
            String roles = config.split().cvFolds() > 0 ? "cross-validated in folds by the experiment"
                    : s.rows().train().length + " training, " + s.rows().test().length + " test in the experiment's "
                            + "split";
            w.printf(Locale.ROOT, "wrote %s  %d rows (%s)%n", files.get(i), rows.length, roles);
        }
        note(w, config, sites, files);
        w.flush();
        return 0;
    }

    private static int[] rows(SiteRows s) {
        int[] train = s.train();
        int[] test = s.test();
        int[] all = Arrays.copyOf(train, train.length + test.length);
        System.arraycopy(test, 0, all, train.length, test.length);
        Arrays.sort(all);
        return all;
    }

    private static void note(PrintWriter w, ExperimentConfig config, List<SiteSplit> sites, List<Path> files) {
        ExperimentConfig.Split split = config.split();
        List<String> quoted = new ArrayList<>();
        for (Path f : files) {
            quoted.add('"' + f.toAbsolutePath().normalize().toString().replace("\\", "\\\\") + '"');
        }
        w.println();
        w.println("Each file holds a site's training and test rows. To run an experiment on them, replace "
                + "data.path (or data.synthetic) and the [split] keys with");
        w.println("  [split]");
        w.println("  files = [" + String.join(", ", quoted) + "]");
        w.println("  stratify = " + split.stratify());
        if (split.cvFolds() > 0) {
            w.println("  cv_folds = " + split.cvFolds() + "   # the folds are drawn inside each file");
            w.println("  cv_repeats = " + split.cvRepeats());
        } else {
            w.println("  test_fraction = " + (split.testFraction() > 0 ? split.testFraction() : 0.2)
                    + "   # each site draws its own test rows from its file, so they differ from this split's");
        }
        if (split.sites() instanceof ExperimentConfig.SiteColumn c) {
            w.println("and keep the column \"" + c.column() + "\" out of the features (data.exclude): it is "
                    + "constant in each file.");
        }
        boolean renamed = false;
        for (int i = 0; i < sites.size(); i++) {
            renamed |= !sites.get(i).name().equals("site" + (i + 1));
        }
        if (renamed) {
            w.println("A simulation names the sites of split.files site1, site2... in the order listed.");
        }
        w.println("In a deployment each site keeps only its own file.");
    }
}
