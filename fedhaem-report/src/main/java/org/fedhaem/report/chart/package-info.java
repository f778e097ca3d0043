/** A small chart kit drawn with Java2D into PNG: XY charts and dot-and-interval charts, text drawn as shapes. */
package org.fedhaem.report.chart;
