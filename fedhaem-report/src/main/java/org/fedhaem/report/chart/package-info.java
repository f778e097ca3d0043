/** PNG charts drawn with Java2D shapes only, text included, so they render without an installed font system. */
package org.fedhaem.report.chart;
