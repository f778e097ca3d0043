package org.fedhaem.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the MDS table of the seed paper's feature set from the two public files of the IPSS-M study
 * (papaemmelab/IPSSMstudy: {@code data/df_clinical.tsv}, {@code data/df_mut.tsv}), as {@code make_mds.R} does:
 * {@code Gender} (1 = male), age, neutrophils, haemoglobin, platelets, marrow blasts, 30 mutation flags, {@code time}
 * (OS_YEARS), {@code event} (OS_STATUS) and the two published scores; rows without a time or event, or with a time
 * <= 0, are dropped. Missing values (NA or empty) are written empty; numbers are written as the input text has them
 * (R's write.csv reprints them with 15 significant digits, which leaves the published files' numbers unchanged).
 */
final class IpssmImport {
    static final List<String> GENES = List.of("ASXL1", "BCOR", "BCORL1", "CBL", "CEBPA", "DNMT3A", "ETV6", "EZH2",
            "FLT3", "GATA2", "GNAS", "IDH1", "IDH2", "JAK2", "KIT", "KRAS", "MPL", "NPM1", "NRAS", "PTPN11", "RUNX1",
            "SF3B1", "SRSF2", "STAG2", "TET2", "TP53", "U2AF1", "WT1", "ZRSR2", "SETBP1");
    /** Output column to clinical column, after Gender and before the genes. */
    private static final List<String[]> BLOOD = List.of(new String[] {"AOD", "AGE"},
            new String[] {"Neutrophils", "ANC"}, new String[] {"Hemoglobin", "HB"}, new String[] {"Platelets", "PLT"},
            new String[] {"BMB", "BM_BLAST"});
    private static final List<String[]> AFTER = List.of(new String[] {"time", "OS_YEARS"},
            new String[] {"event", "OS_STATUS"}, new String[] {"IPSSM_SCORE", "IPSSM_SCORE"},
            new String[] {"IPSSR_SCORE", "IPSSR_SCORE"});

    /** The output: a header and one line per kept patient, and how many patients were read. */
    record Result(List<String> lines, int patientsRead) {
        Result {
            lines = List.copyOf(lines);
        }

        int patientsWritten() {
            return lines.size() - 1;
        }
    }

    private IpssmImport() {
    }

    static Result convert(Path clinicalFile, Path mutationFile) {
        Tsv clinical = Tsv.read(clinicalFile);
        Tsv mutations = Tsv.read(mutationFile);
        clinical.require("ID", "the patient identifier");
        clinical.require("SEX", "sex (M/F)");
        for (String[] c : BLOOD) {
            clinical.require(c[1], "column of the seed paper's feature set");
        }
        for (String[] c : AFTER) {
            clinical.require(c[1], "outcome or published score");
        }
        mutations.require("ID", "the patient identifier");
        for (String g : GENES) {
            mutations.require(g, "gene of the seed paper's feature set");
        }
        if (clinical.rows() != mutations.rows()) {
            throw new IllegalArgumentException(clinical.name + " has " + clinical.rows() + " patients but "
                    + mutations.name + " has " + mutations.rows() + ": the two files must list the same patients in "
                    + "the same order");
        }
        List<String> header = new ArrayList<>(List.of("Gender"));
        BLOOD.forEach(c -> header.add(c[0]));
        header.addAll(GENES);
        AFTER.forEach(c -> header.add(c[0]));
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", header));
        for (int r = 0; r < clinical.rows(); r++) {
            String id = clinical.cell(r, "ID");
            String otherId = mutations.cell(r, "ID");
            if (!id.equals(otherId)) {
                throw new IllegalArgumentException(mutations.name + ":" + mutations.line(r) + ": ID '" + otherId
                        + "' but " + clinical.name + ":" + clinical.line(r) + " has ID '" + id + "': the two files "
                        + "must list the same patients in the same order");
            }
            String time = clinical.number(r, "OS_YEARS");
            String event = clinical.number(r, "OS_STATUS");
            if (time.isEmpty() || event.isEmpty() || !(Double.parseDouble(time) > 0)) {
                continue;
            }
            StringBuilder line = new StringBuilder();
            String sex = clinical.cell(r, "SEX");
            line.append(sex.isEmpty() ? "" : sex.equals("M") ? "1" : "0");
            for (String[] c : BLOOD) {
                line.append(',').append(clinical.number(r, c[1]));
            }
            for (String g : GENES) {
                line.append(',').append(mutations.number(r, g));
            }
            for (String[] c : AFTER) {
                line.append(',').append(clinical.number(r, c[1]));
            }
            lines.add(line.toString());
        }
        return new Result(lines, clinical.rows());
    }

    /** A tab-separated file as R's read.delim sees it: a header, cells with optional double quotes, NA = missing. */
    private static final class Tsv {
        final String name;
        final Map<String, Integer> columns = new HashMap<>();
        final List<String[]> cells = new ArrayList<>();
        final List<Integer> lines = new ArrayList<>();

        private Tsv(String name) {
            this.name = name;
        }

        static Tsv read(Path file) {
            List<String> text;
            try {
                text = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
            }
            Tsv t = new Tsv(file.getFileName().toString());
            if (text.isEmpty()) {
                throw new IllegalArgumentException(t.name + ": empty file, expected a header line");
            }
            String[] header = split(text.get(0));
            for (int c = 0; c < header.length; c++) {
                if (t.columns.put(header[c], c) != null) {
                    throw new IllegalArgumentException(t.name + ":1: column '" + header[c] + "' appears twice");
                }
            }
            for (int i = 1; i < text.size(); i++) {
                if (text.get(i).isEmpty()) {
                    continue;
                }
                String[] row = split(text.get(i));
                if (row.length != header.length) {
                    throw new IllegalArgumentException(t.name + ":" + (i + 1) + ": " + row.length + " fields, the "
                            + "header has " + header.length);
                }
                t.cells.add(row);
                t.lines.add(i + 1);
            }
            return t;
        }

        private static String[] split(String line) {
            String[] cells = line.split("\t", -1);
            for (int c = 0; c < cells.length; c++) {
                String s = cells[c].strip();
                if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
                    s = s.substring(1, s.length() - 1);
                }
                cells[c] = s;
            }
            return cells;
        }

        void require(String column, String what) {
            if (!columns.containsKey(column)) {
                throw new IllegalArgumentException(name + ": no column '" + column + "' (" + what + "); is this the "
                        + "IPSS-M study's " + (name.contains("mut") ? "df_mut.tsv" : "df_clinical.tsv") + "?");
            }
        }

        int rows() {
            return cells.size();
        }

        int line(int row) {
            return lines.get(row);
        }

        /** The cell's text, "" when missing (NA or empty). */
        String cell(int row, String column) {
            String s = cells.get(row)[columns.get(column)];
            return s.equals("NA") ? "" : s;
        }

        /** The cell's text after checking it is a number; "" when missing. */
        String number(int row, String column) {
            String s = cell(row, column);
            if (!s.isEmpty()) {
                try {
                    Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + ":" + line(row) + ": column '" + column + "': value '"
                            + s + "' is not a number");
                }
            }
            return s;
        }
    }
}
