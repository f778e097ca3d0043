package org.fedhaem.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads CSV/TSV files with a header row into a {@link Table}.
 * <ul>
 * <li>Delimiter: {@code .csv} comma; {@code .tsv}/{@code .tab} tab; otherwise (e.g. {@code .txt}) the most frequent
 * of tab, comma and semicolon outside quotes in the header line (comma when none occurs).</li>
 * <li>UTF-8, a leading byte-order mark is dropped; fields may be double-quoted (RFC 4180); cells are trimmed.</li>
 * <li>Missing: an empty cell, {@code NA} or {@code NaN}. NaN counts as missing because R's {@code is.na} and
 * {@code complete.cases} treat it so.</li>
 * <li>Numbers: plain decimal or scientific notation; {@code Inf}, hex and Java suffixes such as {@code 1d} are not
 * numbers.</li>
 * </ul>
 */
public final class TableReader {
    private TableReader() {
    }

    /** Reads a table whose every column must be numeric. */
    public static Table read(Path file) {
        return read(file, column -> ColumnKind.NUMERIC);
    }

    /**
     * Reads a table for {@code schema}: categorical columns as text, features and outcome as numbers, and columns the
     * schema does not use (excluded, or not among explicit features) as numbers when they all are, text otherwise.
     */
    public static Table read(Path file, Schema schema) {
        return read(file, schema::kindOf);
    }

    static Table read(Path file, Function<String, ColumnKind> kinds) {
        String name = nameOf(file);
        String text = text(file);
        RecordParser parser = new RecordParser(text, name, delimiterFor(name, text));
        List<String> fields = new ArrayList<>();
        if (!parser.next(fields)) {
            throw new DataException(name, "is empty: expected a header row");
        }
        List<String> header = header(fields, name);
        int k = header.size();
        ColumnKind[] kind = new ColumnKind[k];
        for (int c = 0; c < k; c++) {
            kind[c] = kinds.apply(header.get(c));
        }
        int capacity = 1024;
        double[][] numbers = new double[k][];
        String[][] texts = new String[k][];
        allocate(kind, numbers, texts, capacity);
        int[] lines = new int[capacity];
        int n = 0;
        while (parser.next(fields)) {
            int line = parser.recordLine();
            if (fields.size() != k) {
                throw new DataException(name, line, null, null,
                        "row has " + fields.size() + " fields but the header has " + k + " columns");
            }
            if (n == capacity) {
                capacity *= 2;
                lines = Arrays.copyOf(lines, capacity);
                for (int c = 0; c < k; c++) {
                    if (numbers[c] != null) {
                        numbers[c] = Arrays.copyOf(numbers[c], capacity);
                    } else {
                        texts[c] = Arrays.copyOf(texts[c], capacity);
                    }
                }
            }
            lines[n] = line;
            for (int c = 0; c < k; c++) {
                String cell = fields.get(c).strip();
                if (kind[c] == ColumnKind.NUMERIC) {
                    double v = parseNumber(cell);
                    if (v != v && !isMissing(cell)) {
                        throw new DataException(name, line, header.get(c), cell, "is not a number");
                    }
                    numbers[c][n] = v;
                } else {
                    texts[c][n] = isMissing(cell) ? null : cell;
                }
            }
            n++;
        }
        if (n == 0) {
            throw new DataException(name, "has a header but no data rows");
        }
        Object[] data = new Object[k];
        for (int c = 0; c < k; c++) {
            if (kind[c] == ColumnKind.NUMERIC) {
                data[c] = Arrays.copyOf(numbers[c], n);
            } else {
                String[] s = Arrays.copyOf(texts[c], n);
                data[c] = kind[c] == ColumnKind.ANY ? numericIfPossible(s) : s;
            }
        }
        return new Table(file, header, data, Arrays.copyOf(lines, n));
    }

    private static void allocate(ColumnKind[] kind, double[][] numbers, String[][] texts, int capacity) {
        for (int c = 0; c < kind.length; c++) {
            if (kind[c] == ColumnKind.NUMERIC) {
                numbers[c] = new double[capacity];
            } else {
                texts[c] = new String[capacity];
            }
        }
    }

    private static List<String> header(List<String> fields, String name) {
        List<String> header = new ArrayList<>(fields.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < fields.size(); c++) {
            String col = fields.get(c).strip();
            if (col.isEmpty()) {
                throw new DataException(name, 1, null, null, "column " + (c + 1) + " of the header has no name");
            }
            Integer first = seen.putIfAbsent(col, c + 1);
            if (first != null) {
                throw new DataException(name, 1, col, null,
                        "is a duplicate column name (columns " + first + " and " + (c + 1) + ")");
            }
            header.add(col);
        }
        return header;
    }

    static String nameOf(Path file) {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    /** The file's text, UTF-8 without a leading byte-order mark. */
    static String text(Path file) {
        String text = decode(file, nameOf(file));
        return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
    }

    private static String decode(Path file, String name) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DataException(file.toString(), "does not exist");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new DataException(file.toString(), "cannot be read: permission denied");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DataException(name, "is not valid UTF-8 text");
        }
    }

    /** The delimiter from the extension, else sniffed from the first line. */
    static char delimiterFor(String fileName, String text) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return ',';
        }
        if (lower.endsWith(".tsv") || lower.endsWith(".tab")) {
            return '\t';
        }
        int tabs = 0;
        int commas = 0;
        int semicolons = 0;
        boolean inQuotes = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                inQuotes = !inQuotes;
            } else if (!inQuotes) {
                if (ch == '\n' || ch == '\r') {
                    break;
                }
                if (ch == '\t') {
                    tabs++;
                } else if (ch == ',') {
                    commas++;
                } else if (ch == ';') {
                    semicolons++;
                }
            }
        }
        if (tabs >= commas && tabs >= semicolons && tabs > 0) {
            return '\t';
        }
        return semicolons > commas ? ';' : ',';
    }

    static boolean isMissing(String cell) {
        return cell.isEmpty() || cell.equals("NA") || cell.equals("NaN");
    }

    /** The number in {@code cell}, or NaN when it is missing or not a number (callers tell these apart). */
    static double parseNumber(String cell) {
        int n = cell.length();
        if (n == 0) {
            return Double.NaN;
        }
        for (int i = 0; i < n; i++) {
            char c = cell.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static Object numericIfPossible(String[] cells) {
        double[] out = new double[cells.length];
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] == null) {
                out[i] = Double.NaN;
            } else {
                out[i] = parseNumber(cells[i]);
                if (Double.isNaN(out[i])) {
                    return cells;
                }
            }
        }
        return out;
    }
}
