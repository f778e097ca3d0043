package org.fedhaem.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PngTest {

    private static BufferedImage noise(int w, int h, long seed) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // flat runs and noise, as in a chart: exercises both the Up filter and the deflater
                image.setRGB(x, y, x < w / 2 ? 0xFFFFFF : random.nextInt(0x1000000));
            }
        }
        return image;
    }

    @Test
    void imageIoReadsBackEveryPixel() {
        BufferedImage image = noise(37, 23, 5);
        BufferedImage back = Pixels.decode(Png.encode(image));
        assertThat(back.getWidth()).isEqualTo(37);
        assertThat(back.getHeight()).isEqualTo(23);
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                assertThat(back.getRGB(x, y) & 0xFFFFFF).as("pixel %d,%d", x, y)
                        .isEqualTo(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
    }

    @Test
    void theSameImageGivesTheSameBytes() {
        assertThat(Png.encode(noise(50, 40, 9))).isEqualTo(Png.encode(noise(50, 40, 9)));
    }

    @Test
    void otherImageTypesAreRefused() {
        BufferedImage argb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        assertThatThrownBy(() -> Png.encode(argb)).hasMessageContaining("TYPE_INT_RGB");
    }
}
