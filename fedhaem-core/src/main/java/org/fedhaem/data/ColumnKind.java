package org.fedhaem.data;

/** How the reader stores a column. */
enum ColumnKind {
    /** Every cell must be a number or missing. */
    NUMERIC,
    /** Kept as text (categorical columns, site names, roles). */
    TEXT,
    /** Numeric when every cell is, text otherwise: columns the schema does not use. */
    ANY
}
