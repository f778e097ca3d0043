package org.fedhaem.cli;

import java.nio.file.Path;
import java.util.List;
import org.fedhaem.data.AtomicFile;

/** Writes a CSV file whole or not at all, so a failed run never leaves half a file. */
final class CsvFile {
    private CsvFile() {
    }

    /** Writes {@code lines} (already joined cells), each ended by a newline. */
    static void write(Path out, List<String> lines) {
        AtomicFile.write(out, w -> {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        });
    }
}
