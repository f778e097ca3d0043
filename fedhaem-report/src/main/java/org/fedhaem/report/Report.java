package org.fedhaem.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedhaem.data.AtomicFile;

/**
 * The report of a run directory: {@code report.html} (self-contained: inline style, charts as PNG data URIs, no
 * script) and every chart as a PNG file beside it, all drawn from the directory's {@code results.json}, so a report
 * can be rebuilt at any time ({@code fedhaem report RUNDIR}). See docs/report.md.
 */
public final class Report {
    /** The page's file name in the run directory. */
    public static final String FILE_NAME = "report.html";

    private Report() {
    }

    /**
     * Reads {@code runDir/results.json}, draws the charts and writes them and {@code runDir/report.html}, each file
     * whole or not at all.
     *
     * @throws IllegalArgumentException when results.json is missing, not JSON (the message names the file, line
     *                                  and column) or not a fedhaem results file
     */
    public static void write(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            throw new IllegalArgumentException(runDir + ": no such run directory");
        }
        JsonNode results = ResultsFile.read(runDir.resolve(ResultsFile.NAME));
        write(runDir, results, Figures.draw(results));
    }

    /** The page last: once report.html is there, so is every chart file it shows. */
    static void write(Path runDir, JsonNode results, List<Figure> figures) {
        String page = HtmlReport.render(results, figures);
        for (Figure f : figures) {
            AtomicFile.write(runDir.resolve(f.file()), f.png());
        }
        AtomicFile.write(runDir.resolve(FILE_NAME), page);
    }
}
