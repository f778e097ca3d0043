package org.fedhaem.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class XyChartTest {

    private static final int W = 1440;
    private static final int H = 880;
    private static final int BLUE = 0x0072B2; // style 0's fill
    private static final String NAME = "a series with a long name";
    /** Markers are searched left of the legend, which ends at the right margin. */
    private static final int PLOT_MAX_X = (int) (W - Layout.PAD - legendWidth(NAME) - 2);

    private static BufferedImage onePoint(double x, double y) {
        XyChart chart = new XyChart(null, "x (units)", "y (units)").xRange(0, 10).yRange(0, 10)
                .series(Series.points(NAME, 0, new double[] {x}, new double[] {y}, null, null));
        return Pixels.decode(chart.png(W, H));
    }

    private static double[] marker(double x, double y) {
        double[] c = Pixels.centreOf(onePoint(x, y), BLUE, 40, PLOT_MAX_X);
        assertThat(c[2]).as("marker pixels at (%s, %s)", x, y).isGreaterThan(100);
        return c;
    }

    @Test
    void theOriginLandsJustInsideTheAxesCorner() {
        BufferedImage image = onePoint(0, 0);
        double[] c = Pixels.centreOf(image, BLUE, 40, PLOT_MAX_X);
        // data never touches the frame: the range's start is INSET pixels in from each axis line
        assertThat(c[0]).isCloseTo(Pixels.verticalAxis(image) + Layout.INSET, within(1.0));
        assertThat(c[1]).isCloseTo(Pixels.horizontalAxis(image) - Layout.INSET, within(1.0));
    }

    @Test
    void pointsLandWhereTheLinearScalePutsThem() {
        double[] a = marker(0, 0);
        double[] b = marker(10, 10);
        double[] p = marker(2.5, 7.5);
        assertThat(b[0]).isGreaterThan(a[0] + 500);
        assertThat(b[1]).isLessThan(a[1] - 500); // y grows upwards
        assertThat(p[0]).isCloseTo(a[0] + 0.25 * (b[0] - a[0]), within(0.75));
        assertThat(p[1]).isCloseTo(a[1] + 0.75 * (b[1] - a[1]), within(0.75));
    }

    @Test
    void theSameChartGivesTheSameBytesAndOtherDataOtherBytes() {
        byte[] first = survivalLike(0.5).png(W, H);
        byte[] again = survivalLike(0.5).png(W, H);
        byte[] other = survivalLike(0.6).png(W, H);
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void aFullChartDecodesToItsSizeAndIsNotBlank() {
        BufferedImage image = Pixels.decode(survivalLike(0.5).png(W, 1000));
        assertThat(image.getWidth()).isEqualTo(W);
        assertThat(image.getHeight()).isEqualTo(1000);
        assertThat(Pixels.distinctColours(image, 200, 100, 1000, 700)).isGreaterThan(50);
        // both series' colours are drawn: style 0 blue, style 1 vermillion
        assertThat(Pixels.count(image, BLUE, 30, 0, PLOT_MAX_X)).isGreaterThan(500);
        assertThat(Pixels.count(image, 0xD55E00, 30, 0, PLOT_MAX_X)).isGreaterThan(500);
    }

    @Test
    void nanPointsLeaveAGapInsteadOfFailing() {
        double[] x = {0, 1, 2, 3};
        double[] y = {1, Double.NaN, 3, 4};
        BufferedImage image = Pixels.decode(new XyChart("t", "x", "y").series(Series.line("a", 0, x, y)).png(W, H));
        assertThat(Pixels.count(image, BLUE, 30, 0, PLOT_MAX_X)).isGreaterThan(100);
    }

    @Test
    void badTablesAndSeriesAreRefusedNamingTheProblem() {
        XyChart chart = new XyChart(null, "x", "y");
        assertThatThrownBy(() -> chart.tableRow("low", 0, new long[] {1}))
                .hasMessageContaining("before the table's columns");
        chart.table("Number at risk", new double[] {0, 2, 4});
        assertThatThrownBy(() -> chart.tableRow("low", 0, new long[] {1, 2}))
                .hasMessageContaining("low has 2 counts for 3 columns");
        assertThatThrownBy(() -> chart.table("n", new double[] {0, 2, 2})).hasMessageContaining("must increase");
        assertThatThrownBy(() -> Series.line("s", 0, new double[] {1, 2}, new double[] {1}))
                .hasMessageContaining("2 x values but 1 y values");
        assertThatThrownBy(() -> Series.points("s", 0, new double[] {1}, new double[] {1}, new double[] {0}, null))
                .hasMessageContaining("both interval ends");
        assertThatThrownBy(() -> chart.xRange(1, 1)).hasMessageContaining("1.0..1.0");
        assertThatThrownBy(() -> chart.reference("level", Double.NaN)).hasMessageContaining("level");
        assertThatThrownBy(() -> new XyChart(null, "x", "y").png(200, 100)).hasMessageContaining("200x100");
    }

    @Test
    void referenceLabelsOfNearbyLinesAreMovedApartByMoreThanTheirTextIsHigh() {
        // scd learning-fedadam.png: isolated (site3) 0.214 and isolated (site1) 0.202 were 27 px apart, text 25 px
        double text = Typeface.dejaVuSans().outline("isolated (site3) 0.214", Layout.FONT_TICK, 0, 100)
                .getBounds2D().getHeight();
        assertThat(XyChart.LABEL_GAP).isGreaterThanOrEqualTo(text + 8);
        double[] placed = XyChart.spread(new double[] {376, 403, 445}, 36, 80, 740);
        assertThat(placed).containsExactly(376, 412, 448);
        // crowded at the bottom: pushed up from the bottom, still 36 apart
        assertThat(XyChart.spread(new double[] {700, 720, 730}, 36, 80, 740)).containsExactly(668, 704, 740);
        // lines far apart: each label at its line
        assertThat(XyChart.spread(new double[] {100, 300}, 36, 80, 740)).containsExactly(100, 300);
    }

    private static double legendWidth(String name) {
        Legend legend = new Legend();
        legend.add(name, Style.of(0));
        return legend.width();
    }

    private static XyChart survivalLike(double drop) {
        double[] t = {0, 1, 2, 3, 4, 5};
        double[] a = {1, 0.9, 0.8, 0.75, 0.7, 0.65};
        double[] b = {1, 1 - drop / 2, 1 - drop, 0.4, 0.35, 0.3};
        return new XyChart("Kaplan-Meier", "Time (years)", "Survival probability").yRange(0, 1)
                .series(Series.steps("low risk", 0, t, a)).series(Series.steps("high risk", 1, t, b))
                .reference("median", 0.5).table("Number at risk", new double[] {0, 2, 4})
                .tableRow("low risk", 0, new long[] {100, 80, 60}).tableRow("high risk", 1, new long[] {100, 50, 20});
    }
}
