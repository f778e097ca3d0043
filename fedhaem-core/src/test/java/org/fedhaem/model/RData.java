package org.fedhaem.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedhaem.testing.SharedData;

/** Reads the r-datasets CSVs (complete cases) and oracle JSON from ../shared for the model tests. */
final class RData {
    private RData() {
    }

    /** Header and complete-case rows of a numeric CSV whose empty fields are missing values. */
    record Table(List<String> header, double[][] rows) {
        int column(String name) {
            int c = header.indexOf(name);
            if (c < 0) {
                throw new IllegalArgumentException("No column " + name + " in " + header);
            }
            return c;
        }

        double[] values(String name) {
            int c = column(name);
            double[] v = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                v[i] = rows[i][c];
            }
            return v;
        }

        boolean[] flags(String name) {
            double[] v = values(name);
            boolean[] b = new boolean[v.length];
            for (int i = 0; i < v.length; i++) {
                b[i] = v[i] == 1;
            }
            return b;
        }

        /** The covariate columns (all but {@code outcomes}), standardised to mean 0 and sample sd 1. */
        double[][] standardisedCovariates(String... outcomes) {
            List<Integer> cols = new ArrayList<>();
            for (int c = 0; c < header.size(); c++) {
                if (!Arrays.asList(outcomes).contains(header.get(c))) {
                    cols.add(c);
                }
            }
            int n = rows.length;
            double[][] x = new double[n][cols.size()];
            for (int k = 0; k < cols.size(); k++) {
                int c = cols.get(k);
                double mean = 0;
                for (double[] r : rows) {
                    mean += r[c];
                }
                mean /= n;
                double ss = 0;
                for (double[] r : rows) {
                    ss += (r[c] - mean) * (r[c] - mean);
                }
                double sd = Math.sqrt(ss / (n - 1));
                for (int i = 0; i < n; i++) {
                    x[i][k] = (rows[i][c] - mean) / sd;
                }
            }
            return x;
        }
    }

    static Path root() {
        return SharedData.rDatasets();
    }

    static Table csv(String relative) {
        try {
            List<String> lines = Files.readAllLines(root().resolve(relative));
            List<String> header = List.of(lines.get(0).split(","));
            List<double[]> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", -1);
                double[] r = new double[f.length];
                boolean complete = true;
                for (int j = 0; j < f.length; j++) {
                    if (f[j].isEmpty()) {
                        complete = false;
                        break;
                    }
                    r[j] = Double.parseDouble(f[j]);
                }
                if (complete) {
                    rows.add(r);
                }
            }
            return new Table(header, rows.toArray(new double[0][]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode oracle() {
        try {
            return new ObjectMapper().readTree(root().resolve("oracle/oracle_full.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
