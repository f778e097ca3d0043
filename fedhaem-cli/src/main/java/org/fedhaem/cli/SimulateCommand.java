package org.fedhaem.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fedhaem.experiment.ExperimentConfig;
import org.fedhaem.experiment.ExperimentResult;
import org.fedhaem.experiment.ExperimentRunner;
import org.fedhaem.experiment.ResultsWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fedhaem simulate}: an experiment with virtual sites in this process. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an experiment file with virtual sites in this process: the isolated, federated (each "
                + "strategy) and centralized regimes on the same test sets, over the experiment's repeats.",
                "Prints progress and the final table, and writes results.json, metrics.csv, rounds.csv, "
                        + "experiment.toml, the final models, report.html and its charts into the run directory "
                        + "(see docs/results.md)."})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT.toml", description = "The experiment file (docs/experiments.md).")
    Path file;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Run directory (default: runs/<name>-<date>-<time> in the working directory).")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a key of the experiment, e.g. "
            + "--set training.rounds=5 --set 'strategies=[\"fedavg\",\"fedprox\"]'.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--quiet", description = "No progress lines, only the final table.")
    boolean quiet;

    @Override
    public Integer call() {
        ExperimentConfig config = ExperimentConfig.read(file, overrides);
        Path dir = out != null ? out : Path.of("runs", config.name() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        RunDirectory.prepare(dir);
        PrintWriter err = spec.commandLine().getErr();
        ExperimentRunner runner = new ExperimentRunner(config, line -> {
            if (!quiet) {
                err.println(line);
                err.flush();
            }
        });
        List<String> commandLine = new ArrayList<>(List.of("fedhaem", "simulate", file.toString()));
        for (String o : overrides) {
            commandLine.add("--set");
            commandLine.add(o);
        }
        ExperimentResult result;
        try {
            result = runner.run(commandLine);
        } catch (RuntimeException e) {
            RunDirectory.removeIfEmpty(dir);
            throw e;
        }
        ResultsWriter.write(result, dir);
        PrintWriter w = spec.commandLine().getOut();
        w.println();
        w.print(ResultsWriter.table(result));
        w.printf(Locale.ROOT, "%nwall time %.1f s; results in %s%n", result.wallSeconds(), dir);
        w.flush();
        return RunReport.write(dir, w, err);
    }

}
