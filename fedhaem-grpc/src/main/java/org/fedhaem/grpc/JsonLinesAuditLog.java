package org.fedhaem.grpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link AuditLog} as a JSON-lines file, one object per message: {@code time} (UTC, ISO-8601), {@code direction},
 * {@code site}, {@code round}, {@code kind}, {@code bytes}, {@code sha256}. Lines are appended (a resumed run adds to
 * the same file) and flushed one by one, so a crash loses at most the line being written.
 */
public final class JsonLinesAuditLog implements AuditLog, Closeable {
    /** The file's name in a run directory. */
    public static final String FILE_NAME = "audit.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter out;
    private boolean closed;

    private JsonLinesAuditLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /**
     * Opens (creating if needed) {@code file} for appending. A last line cut short (a crash while writing it) is
     * ended first, so that it stays one damaged line and the new lines are whole.
     */
    public static JsonLinesAuditLog open(Path file) {
        try {
            boolean cut = endsInsideALine(file);
            BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            if (cut) {
                out.write('\n');
                out.flush();
            }
            return new JsonLinesAuditLog(file, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean endsInsideALine(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            return false;
        }
        try (SeekableByteChannel in = Files.newByteChannel(file, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            in.position(in.size() - 1).read(last);
            return last.get(0) != '\n';
        }
    }

    /** The file written. */
    public Path file() {
        return file;
    }

    /** Writes the message's line and flushes it; fails with {@link UncheckedIOException} naming the file. */
    @Override
    public synchronized void record(Message m) {
        if (closed) {
            throw new IllegalStateException("the audit log " + file + " is closed");
        }
        try {
            out.write(line(m));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    static String line(Message m) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("time", m.time().toString());
        fields.put("direction", m.direction().label());
        fields.put("site", m.site());
        fields.put("round", m.round());
        fields.put("kind", m.kind());
        fields.put("bytes", m.bytes());
        fields.put("sha256", m.sha256());
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an audit line as JSON", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the audit log " + file + ": " + e.getMessage(), e);
        }
    }
}
