package org.fedhaem.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file whole or not at all: into a temporary file beside it, then renamed over it. */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** What writes the content. */
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    public static void write(Path file, String text) {
        write(file, out -> out.write(text));
    }

    public static void write(Path file, Content content) {
        writeBytes(file, out -> {
            try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                content.writeTo(w);
            }
        });
    }

    /** Binary content, e.g. a PNG chart. */
    public static void write(Path file, byte[] bytes) {
        writeBytes(file, out -> out.write(bytes));
    }

    private interface Bytes {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void writeBytes(Path file, Bytes content) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                    content.writeTo(out);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
