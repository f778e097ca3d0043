package org.fedhaem.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.fedhaem.report.Report;

/** The report at the end of simulate and serve: written after results.json, so a failure here loses no result. */
final class RunReport {
    private RunReport() {
    }

    /** Writes the report and says where it is, or says it failed; the command's exit code. */
    static int write(Path dir, PrintWriter out, PrintWriter err) {
        try {
            Report.write(dir);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                    : e.getMessage();
            err.println("fedhaem: the report failed (" + why + "); the results are written in " + dir
                    + "; try again with: fedhaem report " + dir);
            err.flush();
            return 1;
        }
        out.println("report in " + dir.resolve(Report.FILE_NAME));
        out.flush();
        return 0;
    }
}
