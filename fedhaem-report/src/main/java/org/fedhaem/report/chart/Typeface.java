package org.fedhaem.report.chart;

import java.awt.Font;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.font.LineMetrics;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Stand-in for the shape-based typeface (replaced by branch typeface): backed by AWT's TrueType reader. */
final class Typeface {

    private static final FontRenderContext FRC = new FontRenderContext(new AffineTransform(), true, true);
    private final Font font;

    private Typeface(Font font) {
        this.font = font;
    }

    static Typeface dejaVuSans() {
        try (InputStream in = Typeface.class.getResourceAsStream("/org/fedhaem/report/fonts/DejaVuSans.ttf")) {
            return new Typeface(Font.createFont(Font.TRUETYPE_FONT, in));
        } catch (IOException | java.awt.FontFormatException e) {
            throw new UncheckedIOException(new IOException("cannot read the bundled DejaVu Sans", e));
        }
    }

    double advance(String text, double sizePx) {
        return font.deriveFont((float) sizePx).createGlyphVector(FRC, text).getLogicalBounds().getWidth();
    }

    double ascent(double sizePx) {
        return metrics(sizePx).getAscent();
    }

    double descent(double sizePx) {
        return metrics(sizePx).getDescent();
    }

    Shape outline(String text, double sizePx, double x, double baselineY) {
        GlyphVector glyphs = font.deriveFont((float) sizePx).createGlyphVector(FRC, text);
        return glyphs.getOutline((float) x, (float) baselineY);
    }

    private LineMetrics metrics(double sizePx) {
        return font.deriveFont((float) sizePx).getLineMetrics("Hg", FRC);
    }
}
