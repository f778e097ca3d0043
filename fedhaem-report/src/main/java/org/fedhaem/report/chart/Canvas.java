package org.fedhaem.report.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.function.Consumer;

/** A white, antialiased image with text drawn as filled outlines (no installed fonts needed), encoded as PNG. */
final class Canvas {

    static final Color INK = new Color(0x222222);
    static final Color GRID = new Color(0xE4E4E4);
    static final Color REFERENCE = new Color(0x555555);
    private static final Typeface FACE = Typeface.dejaVuSans();

    private final BufferedImage image;
    final Graphics2D g;

    private Canvas(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
    }

    static double width(String text, double size) {
        return FACE.advance(text, size);
    }

    static double ascent(double size) {
        return FACE.ascent(size);
    }

    /** Text with its baseline at y; {@code align} 0 puts x at the left end, 0.5 the middle, 1 the right end. */
    void text(String text, double size, double x, double baseline, double align, Color colour) {
        g.setColor(colour);
        g.fill(FACE.outline(text, size, x - align * width(text, size), baseline));
    }

    /** Text whose capital letters are centred vertically on y. */
    void textMiddle(String text, double size, double x, double y, double align, Color colour) {
        text(text, size, x, y + capHeight(size) / 2, align, colour);
    }

    /** Text turned a quarter counter-clockwise (reading upwards), centred on (cx, cy). */
    void verticalText(String text, double size, double cx, double cy, Color colour) {
        Shape flat = FACE.outline(text, size, -width(text, size) / 2, capHeight(size) / 2);
        AffineTransform turn = new AffineTransform();
        turn.translate(cx, cy);
        turn.rotate(-Math.PI / 2);
        g.setColor(colour);
        g.fill(turn.createTransformedShape(flat));
    }

    static double capHeight(double size) {
        return ascent(size) * 0.72;
    }

    void line(double x0, double y0, double x1, double y1, float width, Color colour) {
        g.setColor(colour);
        g.setStroke(new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        g.draw(new Line2D.Double(x0, y0, x1, y1));
    }

    /** A marker filled in its colour with a thin dark edge, so light colours still show their shape. */
    void marker(Style style, double x, double y, double size) {
        Shape s = style.marker().at(x, y, size);
        g.setColor(style.colour());
        g.fill(s);
        g.setColor(style.colour().darker().darker());
        g.setStroke(new BasicStroke(1.5f));
        g.draw(s);
    }

    /** A {@code width} x {@code height} canvas on which {@code draw} draws, encoded as PNG. */
    static byte[] png(int width, int height, Consumer<Canvas> draw) {
        Canvas c = new Canvas(width, height);
        draw.accept(c);
        c.g.dispose();
        return Png.encode(c.image);
    }
}
