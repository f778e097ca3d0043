package org.fedhaem.data;

/** Reads and validates outcome columns of a table into an {@link Outcome}. */
final class Outcomes {
    private Outcomes() {
    }

    static Outcome read(Table table, Schema.Target target, int[] rows) {
        if (target instanceof Schema.SurvivalTarget s) {
            int tc = table.indexOf(s.time());
            int ec = table.indexOf(s.event());
            double[] time = table.numericAt(tc);
            double[] event = table.numericAt(ec);
            double[] t = new double[rows.length];
            boolean[] e = new boolean[rows.length];
            for (int i = 0; i < rows.length; i++) {
                int r = rows[i];
                double v = time[r];
                if (Double.isNaN(v)) {
                    throw new DataException(table.name(), table.line(r), s.time(), null, "is missing");
                }
                if (v < 0 || Double.isInfinite(v)) {
                    throw new DataException(table.name(), table.line(r), s.time(), table.cell(r, tc),
                            "is not a valid time (must be finite and >= 0)");
                }
                t[i] = v;
                e[i] = zeroOne(table, r, ec, event[r], "an event (1 = event, 0 = censored)");
            }
            return new Outcome.Survival(t, e);
        }
        Schema.BinaryTarget b = (Schema.BinaryTarget) target;
        int lc = table.indexOf(b.label());
        double[] label = table.numericAt(lc);
        boolean[] l = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            l[i] = zeroOne(table, rows[i], lc, label[rows[i]], "a label (1 = positive, 0 = negative)");
        }
        return new Outcome.Binary(l);
    }

    private static boolean zeroOne(Table table, int row, int column, double v, String what) {
        if (v == 1) {
            return true;
        }
        if (v == 0) {
            return false;
        }
        String name = table.columns().get(column);
        if (Double.isNaN(v)) {
            throw new DataException(table.name(), table.line(row), name, null, "is missing");
        }
        throw new DataException(table.name(), table.line(row), name, table.cell(row, column),
                "is not 0 or 1 as " + what + " must be");
    }
}
