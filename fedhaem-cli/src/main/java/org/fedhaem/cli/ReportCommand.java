package org.fedhaem.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedhaem.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fedhaem report}: rebuilds a run directory's report from its results.json. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Rebuild report.html (one self-contained page: no script, charts embedded) and the charts as "
                + "PNG files in a run directory of fedhaem simulate or serve, from its results.json, e.g. after an "
                + "upgrade. Prints the report's path. See docs/report.md."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUNDIR", description = "The run directory (it holds results.json).")
    Path dir;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "RUNDIR " + dir + ": no such folder");
        }
        if (!Files.isRegularFile(dir.resolve("results.json"))) {
            throw new ParameterException(spec.commandLine(), "RUNDIR " + dir + ": no results.json (a run directory "
                    + "of fedhaem simulate or serve holds one)");
        }
        Report.write(dir);
        spec.commandLine().getOut().println(dir.resolve(Report.FILE_NAME));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
