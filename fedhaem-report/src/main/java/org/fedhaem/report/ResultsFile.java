package org.fedhaem.report;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a run's {@code results.json}, with errors that name the file (and the line and column of bad JSON). */
final class ResultsFile {
    static final String NAME = "results.json";

    private ResultsFile() {
    }

    static JsonNode read(Path file) {
        JsonNode root;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new ObjectMapper().readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new IllegalArgumentException(file + ": not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file (a run directory holds results.json)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": not a fedhaem results file (expected a JSON object)");
        }
        require(file, root, "experiment", root.path("experiment").isObject(), "an object");
        require(file, root, "sites", root.path("sites").isArray(), "an array");
        require(file, root, "main_metric", root.path("main_metric").isTextual(), "a string");
        require(file, root, "summary", root.path("summary").isArray(), "an array");
        return root;
    }

    private static void require(Path file, JsonNode root, String key, boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(file + ": not a fedhaem results file: '" + key + "' must be " + what
                    + ", got " + (root.has(key) ? root.get(key).getNodeType().toString().toLowerCase(java.util.Locale.ROOT) : "nothing"));
        }
    }
}
