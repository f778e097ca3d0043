package org.fedhaem.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void writesBytesExactlyAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("chart.png");
        byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
        AtomicFile.write(file, bytes);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("chart.png");
        }
    }

    @Test
    void aFailedWriteKeepsTheOldFileWholeAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("report.html");
        AtomicFile.write(file, "old – ü");
        assertThatThrownBy(() -> AtomicFile.write(file, out -> {
            out.write("half");
            throw new IOException("disk full");
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("disk full");
        assertThat(Files.readString(file)).isEqualTo("old – ü");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("report.html");
        }
    }
}
