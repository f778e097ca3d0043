package org.fedhaem.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A numeric CSV with a header row (the oracle files have no quotes and no missing values). */
record Csv(String[] header, double[][] rows) {

    static Csv read(Path path) {
        try {
            List<String> lines = Files.readAllLines(path);
            String[] header = lines.get(0).split(",", -1);
            double[][] rows = new double[lines.size() - 1][];
            for (int r = 1; r < lines.size(); r++) {
                String[] cells = lines.get(r).split(",", -1);
                double[] row = new double[cells.length];
                for (int c = 0; c < cells.length; c++) {
                    row[c] = Double.parseDouble(cells[c]);
                }
                rows[r - 1] = row;
            }
            return new Csv(header, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int index(String name) {
        for (int c = 0; c < header.length; c++) {
            if (header[c].equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no column " + name);
    }

    double[] column(String name) {
        int c = index(name);
        double[] out = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            out[r] = rows[r][c];
        }
        return out;
    }

    boolean[] flags(String name) {
        double[] v = column(name);
        boolean[] out = new boolean[v.length];
        for (int r = 0; r < v.length; r++) {
            out[r] = v[r] == 1;
        }
        return out;
    }
}
