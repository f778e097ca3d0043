package org.fedhaem.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes chosen rows of a {@link Table} as a CSV file: a header with every column, then the rows in the order given,
 * comma-separated, fields quoted (RFC 4180) only when they hold a comma, a quote or a line break. Written whole or
 * not at all.
 */
public final class TableWriter {
    private TableWriter() {
    }

    /**
     * Rows with their cells as the table's source file spells them (trimmed; a missing cell keeps its spelling such
     * as {@code NA}), so nothing is lost to number formatting. The source must still hold the table: the same
     * header, and each row on its line.
     *
     * @throws DataException naming the source when it has changed since it was read
     */
    public static void writeSourceRows(Table table, int[] rows, Path out) {
        Path source = table.source();
        String name = TableReader.nameOf(source);
        String text = TableReader.text(source);
        RecordParser parser = new RecordParser(text, name, TableReader.delimiterFor(name, text));
        List<String> fields = new ArrayList<>();
        if (!parser.next(fields) || !stripped(fields).equals(table.columns())) {
            throw new DataException(name, "has changed since it was read: its header is no longer "
                    + table.columns());
        }
        Map<Integer, String> wanted = new HashMap<>();
        for (int r : rows) {
            wanted.put(table.line(r), null);
        }
        while (parser.next(fields)) {
            int line = parser.recordLine();
            if (wanted.containsKey(line)) {
                if (fields.size() != table.columns().size()) {
                    throw new DataException(name, line, null, null, "has changed since it was read: the row has "
                            + fields.size() + " fields");
                }
                wanted.put(line, join(stripped(fields)));
            }
        }
        List<String> lines = new ArrayList<>(rows.length + 1);
        lines.add(join(table.columns()));
        for (int r : rows) {
            String row = wanted.get(table.line(r));
            if (row == null) {
                throw new DataException(name, table.line(r), null, null, "has changed since it was read: no row "
                        + "starts on this line any more");
            }
            lines.add(row);
        }
        write(out, lines);
    }

    /**
     * Rows with their cells as the table holds them: numbers in the shortest form that reads back as the same
     * double (integers without ".0"), missing cells empty. For tables without source text, such as a synthetic
     * cohort.
     */
    public static void writeValues(Table table, int[] rows, Path out) {
        int k = table.columns().size();
        List<String> lines = new ArrayList<>(rows.length + 1);
        lines.add(join(table.columns()));
        List<String> cells = new ArrayList<>(k);
        for (int r : rows) {
            cells.clear();
            for (int c = 0; c < k; c++) {
                cells.add(table.cell(r, c));
            }
            lines.add(join(cells));
        }
        write(out, lines);
    }

    private static List<String> stripped(List<String> fields) {
        List<String> out = new ArrayList<>(fields.size());
        for (String f : fields) {
            out.add(f.strip());
        }
        return out;
    }

    private static String join(List<String> cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            String s = cells.get(i);
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                b.append('"').append(s.replace("\"", "\"\"")).append('"');
            } else {
                b.append(s);
            }
        }
        return b.toString();
    }

    private static void write(Path out, List<String> lines) {
        AtomicFile.write(out, w -> {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        });
    }
}
