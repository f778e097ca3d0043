/** The report of a run: tables, PNG charts and one self-contained HTML page, drawn from the run directory. */
package org.fedhaem.report;
