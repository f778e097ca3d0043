package org.fedhaem.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Escaping and number formatting for the report page: every piece of text passes through here. */
final class Html {
    private Html() {
    }

    /** Text safe in element content and in quoted attribute values: experiment names and reasons are user input. */
    static String text(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A metric as the command line's table prints it: 4 decimals. */
    static String metric(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** A raw data value (a feature's min, max or mean): integers as such, others to 4 significant digits. */
    static String value(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
