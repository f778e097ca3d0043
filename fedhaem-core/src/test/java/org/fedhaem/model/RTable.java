package org.fedhaem.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A numeric CSV from the R oracle folder, reduced to complete cases (an empty field is missing), as R reads it. */
record RTable(List<String> header, double[][] rows) {

    static RTable completeCases(Path csv) {
        try {
            List<String> lines = Files.readAllLines(csv);
            List<String> header = List.of(lines.get(0).split(",", -1));
            List<double[]> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != header.size()) {
                    throw new IllegalStateException(csv + ": row has " + f.length + " fields: " + line);
                }
                if (Arrays.stream(f).anyMatch(String::isEmpty)) {
                    continue;
                }
                rows.add(Arrays.stream(f).mapToDouble(Double::parseDouble).toArray());
            }
            return new RTable(header, rows.toArray(double[][]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int n() {
        return rows.length;
    }

    double[] column(String name) {
        int j = index(name);
        double[] c = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            c[i] = rows[i][j];
        }
        return c;
    }

    boolean[] flag(String name) {
        double[] c = column(name);
        boolean[] b = new boolean[c.length];
        for (int i = 0; i < c.length; i++) {
            if (c[i] != 0 && c[i] != 1) {
                throw new IllegalStateException(name + "[" + i + "] is not 0/1: " + c[i]);
            }
            b[i] = c[i] == 1;
        }
        return b;
    }

    /** The columns other than {@code outcomes}, in file order. */
    List<String> covariates(String... outcomes) {
        List<String> out = new ArrayList<>(header);
        out.removeAll(List.of(outcomes));
        return out;
    }

    double[][] matrix(List<String> names) {
        int[] idx = names.stream().mapToInt(this::index).toArray();
        double[][] x = new double[rows.length][idx.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < idx.length; j++) {
                x[i][j] = rows[i][idx[j]];
            }
        }
        return x;
    }

    private int index(String name) {
        int j = header.indexOf(name);
        if (j < 0) {
            throw new IllegalArgumentException("No column " + name + " in " + header);
        }
        return j;
    }
}
