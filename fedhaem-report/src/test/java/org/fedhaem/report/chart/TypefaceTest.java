package org.fedhaem.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TypefaceTest {

    private static final Typeface FACE = Typeface.dejaVuSans();
    private static final String[] STRINGS = {
        "C-index", "0.71 ± 0.03", "n ≤ 65 · 95%", "café – Müller", "isolated federated centralized", "Wq|g,_",
        "\uD800\uDF00\uD800\uDF01", // Old Italic, beyond the BMP: read from the format 12 cmap
    };

    @Test
    void dejaVuSansHas2048UnitsPerEm() {
        // At 2048 px one font unit is one pixel: the hmtx advance of "A" and the hhea ascender, read by hand.
        assertThat(FACE.advance("A", 2048)).isEqualTo(1401.0);
        assertThat(FACE.ascent(2048)).isEqualTo(1901.0);
    }

    @Test
    void isParsedOnce() {
        assertThat(Typeface.dejaVuSans()).isSameAs(FACE);
    }

    @Test
    void spaceHasAnEmptyOutlineAndAPositiveAdvance() {
        Rectangle2D bounds = FACE.outline(" ", 20, 0, 0).getBounds2D();
        assertThat(bounds.isEmpty()).isTrue();
        // DejaVu Sans "space": advance 651 units
        assertThat(FACE.advance(" ", 2048)).isEqualTo(651);
    }

    @Test
    void advanceScalesLinearlyAndAddsUp() {
        // hmtx: "A" 1401, "V" 1401, ".notdef" 1229 units
        assertThat(FACE.advance("A", 2048)).isEqualTo(1401);
        assertThat(FACE.advance("AV", 20.48)).isCloseTo(28.02, within(1e-12));
        assertThat(FACE.advance("", 12)).isZero();
    }

    @Test
    void ascentAndDescentComeFromHhea() {
        // DejaVu Sans hhea: ascender 1901, descender -483
        assertThat(FACE.ascent(2048)).isEqualTo(1901);
        assertThat(FACE.descent(2048)).isEqualTo(483);
    }

    @Test
    void aMissingCodePointDrawsGlyphZero() {
        int missing = 0xE000; // private use: not in DejaVu Sans
        assertThat(FACE.glyph(missing)).isZero();
        assertThat(FACE.glyph('A')).isPositive();
        // hmtx: glyph 0 (.notdef) advances 1229 units
        assertThat(FACE.advance(Character.toString(missing), 2048)).isEqualTo(1229);
        assertThat(FACE.glyph(0x10FFFF)).isZero();
        assertThat(FACE.glyph(0x10300)).isPositive();
        Rectangle2D notdef = FACE.outline(Character.toString(missing), 48, 0, 100).getBounds2D();
        assertThat(notdef.isEmpty()).isFalse();
        assertThat(notdef).isEqualTo(FACE.outline("\uE001", 48, 0, 100).getBounds2D());
    }

    @Test
    void aCompositeGlyphContainsItsBaseLetterAndAccent() {
        Rectangle2D e = FACE.outline("e", 48, 0, 100).getBounds2D();
        Rectangle2D acute = FACE.outline("\u00B4", 48, 0, 100).getBounds2D();
        Rectangle2D eAcute = FACE.outline("é", 48, 0, 100).getBounds2D();
        assertThat(eAcute.contains(e)).isTrue();
        // the accent sits above the x-height: é reaches higher (smaller y) than e
        assertThat(eAcute.getMinY()).isLessThan(e.getMinY() - 5);
        assertThat(eAcute.getWidth()).isGreaterThanOrEqualTo(acute.getWidth());
    }

    @Test
    void outlineIsPlacedAtThePenAndBaseline() {
        Rectangle2D at0 = FACE.outline("H", 30, 0, 0).getBounds2D();
        Rectangle2D moved = FACE.outline("H", 30, 7.5, 40).getBounds2D();
        assertThat(moved.getMinX()).isCloseTo(at0.getMinX() + 7.5, within(1e-9));
        assertThat(moved.getMinY()).isCloseTo(at0.getMinY() + 40, within(1e-9));
        // "H" stands on the baseline and rises above it (y grows downward)
        assertThat(at0.getMaxY()).isCloseTo(0, within(1e-9));
        assertThat(at0.getMinY()).isNegative();
    }

    @Test
    void badFontDataNamesTheTable() throws IOException {
        byte[] ttf = bundledBytes();
        assertThatThrownBy(() -> Typeface.parse(Arrays.copyOf(ttf, 100)))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("font directory:");
        byte[] noCmap = ttf.clone();
        renameTable(noCmap, "cmap", "cmaq");
        assertThatThrownBy(() -> Typeface.parse(noCmap))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("cmap:");
        byte[] badHead = ttf.clone();
        badHead[tableOffset(badHead, "head") + 12] ^= 1; // magic number
        assertThatThrownBy(() -> Typeface.parse(badHead))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("head:");
        byte[] badGlyf = ttf.clone();
        // glyph "A": claim 200 contours, so the contour ends run into the next glyph and out of order
        int a = glyphOffset(badGlyf, Typeface.parse(ttf).glyph('A'));
        badGlyf[a] = 0;
        badGlyf[a + 1] = (byte) 200;
        Typeface broken = Typeface.parse(badGlyf);
        assertThatThrownBy(() -> broken.outline("A", 12, 0, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("glyf:");
    }

    /** The JDK's own TrueType rasteriser (FreeType in OpenJDK on Linux), given the same font file. */
    @Nested
    class AgainstTheJdkRasteriser {

        private final FontRenderContext frc = new FontRenderContext(null, true, true);

        @Test
        void advancesMatchForEveryPrintableAsciiCharacterAndSomeStrings() {
            Font base = jdkFont();
            double worst = 0;
            for (double size : new double[] {11, 12.5, 16, 48}) {
                Font font = base.deriveFont((float) size);
                for (char ch = 0x20; ch < 0x7F; ch++) {
                    worst = Math.max(worst, Math.abs(FACE.advance(String.valueOf(ch), size)
                            - jdkAdvance(font, String.valueOf(ch))));
                }
                for (String s : STRINGS) {
                    worst = Math.max(worst, Math.abs(FACE.advance(s, size) - jdkAdvance(font, s)));
                }
            }
            System.out.println("advance: worst |ours - JDK| = " + worst + " px");
            assertThat(worst).isLessThanOrEqualTo(1e-6);
        }

        /**
         * FreeType hands the JDK outlines with points rounded to 1/64 px (26.6 fixed point; implied midpoints are
         * halved in that grid too). At 64 and 128 px every font unit is a whole number of 1/64 px, so the bounds
         * must agree exactly; at other sizes they may differ by that rounding, at most 1/128 px.
         */
        @Test
        void outlineBoundsMatch() {
            Font base = jdkFont();
            assertThat(worstBoundsDifference(base, 64)).isLessThanOrEqualTo(1e-9);
            assertThat(worstBoundsDifference(base, 128)).isLessThanOrEqualTo(1e-9);
            double rounded = Math.max(worstBoundsDifference(base, 12), worstBoundsDifference(base, 48));
            System.out.println("bounds at 12 and 48 px: worst |ours - JDK| = " + rounded + " px");
            assertThat(rounded).isLessThanOrEqualTo(1.0 / 128);
        }

        @Test
        void rasterisedOutlinesAreIdenticalWhereFreeTypeDoesNotRound() {
            Font font = jdkFont().deriveFont(64f);
            for (String s : STRINGS) {
                assertThat(differingPixels(FACE.outline(s, 64, 10.25, 70.5),
                        font.createGlyphVector(frc, s).getOutline(10.25f, 70.5f))).as(s).isZero();
            }
        }

        /**
         * At 48 px FreeType's 1/64 px rounding (above) moves edges by up to 1/128 px, which flips the few pixels
         * whose centres lie that close to an edge.
         */
        @Test
        void rasterisedOutlinesDifferInAtMostAHandfulOfPixelsWhereFreeTypeRounds() {
            Font font = jdkFont().deriveFont(48f);
            int worst = 0;
            String worstText = "";
            for (String s : STRINGS) {
                int differing = differingPixels(FACE.outline(s, 48, 10.25, 60.5),
                        font.createGlyphVector(frc, s).getOutline(10.25f, 60.5f));
                if (differing > worst) {
                    worst = differing;
                    worstText = s;
                }
            }
            System.out.println("raster at 48 px: at most " + worst + " differing pixels (" + worstText + ")");
            assertThat(worst).isLessThanOrEqualTo(10);
        }

        private double worstBoundsDifference(Font base, double size) {
            Font font = base.deriveFont((float) size);
            double worst = 0;
            for (char ch = 0x21; ch < 0x7F; ch++) {
                worst = Math.max(worst, boundsDifference(font, String.valueOf(ch), size));
            }
            for (String s : STRINGS) {
                worst = Math.max(worst, boundsDifference(font, s, size));
            }
            return worst;
        }

        private double boundsDifference(Font font, String s, double size) {
            Rectangle2D ours = FACE.outline(s, size, 3.5, 40).getBounds2D();
            Rectangle2D jdk = font.createGlyphVector(frc, s).getOutline(3.5f, 40f).getBounds2D();
            double x = Math.max(Math.abs(ours.getMinX() - jdk.getMinX()), Math.abs(ours.getMaxX() - jdk.getMaxX()));
            double y = Math.max(Math.abs(ours.getMinY() - jdk.getMinY()), Math.abs(ours.getMaxY() - jdk.getMaxY()));
            return Math.max(x, y);
        }

        private double jdkAdvance(Font font, String s) {
            GlyphVector glyphs = font.createGlyphVector(frc, s);
            return glyphs.getGlyphPosition(glyphs.getNumGlyphs()).getX();
        }
    }

    private static int differingPixels(Shape ours, Shape jdk) {
        int w = 1400;
        int h = 100;
        BufferedImage a = fill(ours, w, h);
        BufferedImage b = fill(jdk, w, h);
        int differing = 0;
        int inked = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    differing++;
                }
                if ((a.getRGB(x, y) & 0xFFFFFF) != 0) {
                    inked++;
                }
            }
        }
        assertThat(inked).as("pixels our outline inks").isGreaterThan(100);
        return differing;
    }

    private static BufferedImage fill(Shape shape, int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fill(shape);
        g.dispose();
        return image;
    }

    private static Font jdkFont() {
        try (InputStream in = TypefaceTest.class.getResourceAsStream("/org/fedhaem/report/fonts/DejaVuSans.ttf")) {
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (Throwable e) {
            Assumptions.abort("the JDK's font system cannot start here (" + e + "), so there is no reference");
            throw new AssertionError(e);
        }
    }

    private static byte[] bundledBytes() throws IOException {
        try (InputStream in = TypefaceTest.class.getResourceAsStream("/org/fedhaem/report/fonts/DejaVuSans.ttf")) {
            return in.readAllBytes();
        }
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int u32(byte[] b, int at) {
        return (u16(b, at) << 16) | u16(b, at + 2);
    }

    private static int tableRecord(byte[] ttf, String tag) {
        for (int i = 0; i < u16(ttf, 4); i++) {
            int record = 12 + 16 * i;
            if (new String(ttf, record, 4, StandardCharsets.US_ASCII).equals(tag)) {
                return record;
            }
        }
        throw new AssertionError("no table " + tag);
    }

    private static int tableOffset(byte[] ttf, String tag) {
        return u32(ttf, tableRecord(ttf, tag) + 8);
    }

    private static void renameTable(byte[] ttf, String tag, String newTag) {
        System.arraycopy(newTag.getBytes(StandardCharsets.US_ASCII), 0, ttf, tableRecord(ttf, tag), 4);
    }

    private static int glyphOffset(byte[] ttf, int glyph) {
        int head = tableOffset(ttf, "head");
        int loca = tableOffset(ttf, "loca");
        int offset = u16(ttf, head + 50) == 0 ? 2 * u16(ttf, loca + 2 * glyph) : u32(ttf, loca + 4 * glyph);
        return tableOffset(ttf, "glyf") + offset;
    }
}
