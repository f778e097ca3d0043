package org.fedhaem.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalChartTest {

    private static final int W = 1440;
    private static final int H = 880;
    private static final double NAN = Double.NaN;
    private static final List<String> TESTS = List.of("pooled", "site1", "site2", "site3");

    private static IntervalChart chart() {
        return new IntervalChart("C by test set", "Test set", "Harrell's C", TESTS).limits(0, 1)
                .series("federated fedavg", 1, new double[] {0.7, 0.72, 0.69, 0.66},
                        new double[] {0.65, 0.6, 0.6, 0.5}, new double[] {0.75, 0.8, 0.78, 1.3});
    }

    @Test
    void sameInputSameBytes() {
        assertThat(chart().png(W, H)).isEqualTo(chart().png(W, H));
    }

    @Test
    void anUndefinedMeanDrawsNothingButTheLegendEntry() {
        // style 2 (bluish green) has no defined value: only its legend sample may show that colour
        byte[] png = chart().series("isolated", 2, new double[] {NAN, NAN, NAN, NAN},
                new double[] {NAN, NAN, NAN, NAN}, new double[] {NAN, NAN, NAN, NAN}).png(W, H);
        BufferedImage image = Pixels.decode(png);
        assertThat(Pixels.count(image, 0x009E73, 30, 0, 1000)).isZero();
        assertThat(Pixels.count(image, 0x009E73, 30, 1000, W)).isGreaterThan(20);
        assertThat(Pixels.count(image, 0xD55E00, 30, 0, 1000)).isGreaterThan(500);
    }

    @Test
    void dotsSitOnTheirCategoryInOrderOfValue() {
        // one series, one category at a time: the dot's height follows the mean, its x the category
        double[] low = marker(0.6, 0);
        double[] high = marker(0.8, 0);
        double[] mid = marker(0.7, 0);
        double[] right = marker(0.7, 3);
        assertThat(mid[1]).isCloseTo((low[1] + high[1]) / 2, within(0.75));
        assertThat(right[1]).isCloseTo(mid[1], within(0.5));
        // four equal bands: category 3's centre is three bands right of category 0's
        assertThat(right[0] - mid[0]).isGreaterThan(600);
    }

    private static double[] marker(double mean, int category) {
        double[] m = {NAN, NAN, NAN, NAN};
        m[category] = mean;
        // fixed range from the other (invisible, NaN-mean) limits: the value axis spans the limits' data
        IntervalChart c = new IntervalChart(null, "Test set", "C", TESTS).limits(0, 1)
                .series("a", 0, m, new double[] {0.5, 0.5, 0.5, 0.5}, new double[] {0.9, 0.9, 0.9, 0.9});
        double[] centre = Pixels.centreOf(Pixels.decode(c.png(W, H)), 0x0072B2, 40, 1250);
        assertThat(centre[2]).isGreaterThan(100);
        return centre;
    }

    @Test
    void wrongLengthsAreRefused() {
        assertThatThrownBy(() -> chart().series("x", 0, new double[] {1}, new double[] {1}, new double[] {1}))
                .hasMessageContaining("series x needs 4 means");
        assertThatThrownBy(() -> new IntervalChart(null, "a", "b", List.of())).hasMessageContaining("category");
    }
}
