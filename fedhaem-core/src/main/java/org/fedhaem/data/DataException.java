package org.fedhaem.data;

/**
 * A problem in an input file, located as precisely as known: {@code file:line: column 'c': value 'v' <problem>}.
 * Unchecked, because callers can only report it to the user.
 */
public final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String column;
    private final String value;

    /**
     * @param file   file name shown to the user
     * @param line   1-based line in the file (header = 1), or 0 when the problem is not on one line
     * @param column column name, or null
     * @param value  the offending cell text, or null
     */
    DataException(String file, int line, String column, String value, String problem) {
        super(format(file, line, column, value, problem));
        this.file = file;
        this.line = line;
        this.column = column;
        this.value = value;
    }

    DataException(String file, String problem) {
        this(file, 0, null, null, problem);
    }

    private static String format(String file, int line, String column, String value, String problem) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (column != null) {
            sb.append("column '").append(column).append("': ");
        }
        if (value != null) {
            sb.append("value '").append(value).append("' ");
        }
        return sb.append(problem).toString();
    }

    public String file() {
        return file;
    }

    /** The 1-based file line (header = 1), or 0 when the problem concerns no single line. */
    public int line() {
        return line;
    }

    /** The column name, or null. */
    public String column() {
        return column;
    }

    /** The offending cell as written, or null. */
    public String value() {
        return value;
    }
}
