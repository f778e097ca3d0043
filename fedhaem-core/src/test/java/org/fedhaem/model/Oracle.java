package org.fedhaem.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedhaem.testing.SharedData;

/** Reads the R oracle JSON files of ../shared/data/r-datasets (skipping the test when absent). */
final class Oracle {
    private Oracle() {
    }

    static Path dir() {
        return SharedData.rDatasets();
    }

    static JsonNode full() {
        return read("oracle/oracle_full.json");
    }

    static JsonNode splits() {
        return read("oracle/oracle_splits.json");
    }

    static JsonNode read(String relative) {
        try {
            return new ObjectMapper().readTree(dir().resolve(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    /** |a - e| / max(|e|, floor): relative error with an absolute floor for values near zero. */
    static double relError(double actual, double expected, double floor) {
        return Math.abs(actual - expected) / Math.max(Math.abs(expected), floor);
    }
}
