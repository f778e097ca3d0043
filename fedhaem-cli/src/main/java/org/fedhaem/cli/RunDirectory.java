package org.fedhaem.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The run directory of simulate and serve: checked before the run starts, tidied when a run wrote nothing. */
final class RunDirectory {
    private RunDirectory() {
    }

    /** Fails before minutes of training, not after, when the run directory cannot be written. */
    static void prepare(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + dir + ": cannot create the run directory ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException("--out " + dir + ": the run directory is not writable");
        }
    }

    /** A run that failed before writing anything leaves no empty run directory behind. */
    static void removeIfEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException ignored) {
            // Nothing to tidy: the directory is gone or was never ours to remove.
        }
    }
}
