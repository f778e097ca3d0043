package org.fedhaem.report.chart;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Reading charts back: decode the PNG, find where a colour or the dark axis lines are. */
final class Pixels {

    private Pixels() {
    }

    static BufferedImage decode(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new IllegalStateException("not a PNG ImageIO can read");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Centre (x, y) of the pixels within {@code tolerance} of {@code rgb} left of column {@code maxX}; NaN if none. */
    static double[] centreOf(BufferedImage image, int rgb, int tolerance, int maxX) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < maxX; x++) {
                if (near(image.getRGB(x, y), rgb, tolerance)) {
                    sx += x + 0.5;
                    sy += y + 0.5;
                    n++;
                }
            }
        }
        return n == 0 ? new double[] {Double.NaN, Double.NaN, 0} : new double[] {sx / n, sy / n, n};
    }

    static int count(BufferedImage image, int rgb, int tolerance, int x0, int x1) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = x0; x < x1; x++) {
                n += near(image.getRGB(x, y), rgb, tolerance) ? 1 : 0;
            }
        }
        return n;
    }

    /** The x centre of the darkest long vertical line (the y axis): darkness-weighted around the darkest column. */
    static double verticalAxis(BufferedImage image) {
        double[] dark = new double[image.getWidth()];
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                dark[x] += darkness(image.getRGB(x, y));
            }
        }
        return weightedPeak(dark);
    }

    /** The y centre of the darkest long horizontal line (the x axis). */
    static double horizontalAxis(BufferedImage image) {
        double[] dark = new double[image.getHeight()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                dark[y] += darkness(image.getRGB(x, y));
            }
        }
        return weightedPeak(dark);
    }

    private static double weightedPeak(double[] dark) {
        int best = 0;
        for (int i = 1; i < dark.length; i++) {
            best = dark[i] > dark[best] ? i : best;
        }
        double w = 0;
        double s = 0;
        for (int i = Math.max(0, best - 2); i <= Math.min(dark.length - 1, best + 2); i++) {
            double d = dark[i] > dark[best] * 0.2 ? dark[i] : 0;
            w += d;
            s += d * (i + 0.5);
        }
        return s / w;
    }

    private static double darkness(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return r < 140 && g < 140 && b < 140 ? (765 - r - g - b) / 765.0 : 0;
    }

    static boolean near(int rgb, int target, int tolerance) {
        int dr = ((rgb >> 16) & 0xff) - ((target >> 16) & 0xff);
        int dg = ((rgb >> 8) & 0xff) - ((target >> 8) & 0xff);
        int db = (rgb & 0xff) - (target & 0xff);
        return Math.abs(dr) <= tolerance && Math.abs(dg) <= tolerance && Math.abs(db) <= tolerance;
    }

    /** Distinct colours in a rectangle: a blank or nearly blank image has very few. */
    static int distinctColours(BufferedImage image, int x0, int y0, int x1, int y1) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                seen.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return seen.size();
    }
}
