/**
 * A small chart kit drawn with Java2D into PNG (XY charts and dot-and-interval charts), with text drawn as shapes
 * from the bundled DejaVu Sans, so no installed font or fontconfig is needed.
 */
package org.fedhaem.report.chart;
