package org.fedhaem.data;

import java.util.List;

/**
 * Splits delimited text into records, RFC 4180 style: fields may be double-quoted, a quoted field may contain the
 * delimiter, line breaks and doubled quotes. Lines holding nothing are skipped (as R's read.csv does).
 * One pass over the characters; no regular expressions.
 */
final class RecordParser {
    private final String text;
    private final String file;
    private final char delimiter;
    private final StringBuilder quoted = new StringBuilder();
    private int pos;
    private int line = 1;
    private int recordLine;

    RecordParser(String text, String file, char delimiter) {
        this.text = text;
        this.file = file;
        this.delimiter = delimiter;
    }

    /** The 1-based line on which the last record returned by {@link #next} started. */
    int recordLine() {
        return recordLine;
    }

    /** Reads the next record into {@code fields} (cleared first); false at the end of the text. */
    boolean next(List<String> fields) {
        fields.clear();
        int n = text.length();
        while (pos < n && (text.charAt(pos) == '\n' || text.charAt(pos) == '\r')) {
            endLine();
        }
        if (pos >= n) {
            return false;
        }
        recordLine = line;
        while (true) {
            if (pos < n && text.charAt(pos) == '"') {
                fields.add(readQuoted());
            } else {
                int start = pos;
                while (pos < n) {
                    char c = text.charAt(pos);
                    if (c == delimiter || c == '\n' || c == '\r') {
                        break;
                    }
                    pos++;
                }
                fields.add(text.substring(start, pos));
            }
            if (pos < n && text.charAt(pos) == delimiter) {
                pos++;
                continue;
            }
            if (pos < n) {
                endLine();
            }
            return true;
        }
    }

    private String readQuoted() {
        int n = text.length();
        int openLine = line;
        pos++;
        quoted.setLength(0);
        while (true) {
            if (pos >= n) {
                throw new DataException(file, openLine, null, null, "has a quote that is never closed");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                if (pos + 1 < n && text.charAt(pos + 1) == '"') {
                    quoted.append('"');
                    pos += 2;
                    continue;
                }
                pos++;
                break;
            }
            if (c == '\n' || (c == '\r' && (pos + 1 >= n || text.charAt(pos + 1) != '\n'))) {
                line++;
            }
            quoted.append(c);
            pos++;
        }
        while (pos < n && text.charAt(pos) == ' ') {
            pos++;
        }
        if (pos < n && text.charAt(pos) != delimiter && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
            throw new DataException(file, line, null, null, "has text after a closing quote");
        }
        return quoted.toString();
    }

    /** Consumes one line break: \n, \r\n or \r. */
    private void endLine() {
        if (text.charAt(pos) == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') {
            pos++;
        }
        pos++;
        line++;
    }
}
