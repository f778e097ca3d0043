package org.fedhaem.report.chart;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Renders one line of text to a PNG with {@link Typeface}; run by {@code scripts/check-no-fontconfig.sh} where
 * libfontconfig is hidden, to show that charts need no font system. Fails (exit 1) if no text pixel was drawn.
 */
final class TypefaceSmoke {

    static final String TEXT = "C-index 0.71 ± 0.03 · n ≤ 65 – café, Müller 95%";

    private TypefaceSmoke() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: TypefaceSmoke OUT.png");
            System.exit(2);
        }
        Typeface face = Typeface.dejaVuSans();
        double size = 24;
        int width = (int) Math.ceil(face.advance(TEXT, size)) + 20;
        int height = (int) Math.ceil(face.ascent(size) + face.descent(size)) + 20;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.fill(face.outline(TEXT, size, 10, 10 + face.ascent(size)));
        g.dispose();
        int inked = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if ((image.getRGB(x, y) & 0xFF) < 128) {
                    inked++;
                }
            }
        }
        Path out = Path.of(args[0]);
        if (!ImageIO.write(image, "png", out.toFile())) {
            throw new IOException("no PNG writer");
        }
        System.out.println("rendered \"" + TEXT + "\" at " + size + " px: " + width + "x" + height + ", " + inked
                + " dark pixels -> " + out);
        if (inked == 0) {
            System.exit(1);
        }
    }
}
