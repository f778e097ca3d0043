package org.fedhaem.report.chart;

import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A TrueType font read by our own parser, drawing text as filled shapes. Any use of {@code java.awt.Font} (or
 * {@code drawString}) starts the JDK's font system, which on Linux dies without libfontconfig even for a bundled
 * font file; shapes need nothing installed. Unhinted outlines, no kerning, left-to-right only.
 */
final class Typeface {

    private static final String DEJAVU_SANS = "/org/fedhaem/report/fonts/DejaVuSans.ttf";
    private static final int MAX_COMPOSITE_DEPTH = 8;

    private final int unitsPerEm;
    private final int ascender;
    private final int descender;
    private final int[] advanceWidths;
    /** Glyph of each BMP code point (0 where the font has none). */
    private final char[] bmpGlyphs;
    /** Format 12 groups for code points beyond the BMP, sorted by start; empty when the font has none. */
    private final int[] groupStarts;
    private final int[] groupEnds;
    private final int[] groupGlyphs;
    private final Table glyf;
    private final int[] glyphOffsets;
    /** Unscaled outline of each glyph in font units, y up; filled on first use. */
    private final Path2D.Double[] outlines;

    private static final class Bundled {
        static final Typeface DEJAVU = load(DEJAVU_SANS);
    }

    /** DejaVu Sans, bundled in this jar; parsed once. */
    static Typeface dejaVuSans() {
        return Bundled.DEJAVU;
    }

    private static Typeface load(String resource) {
        try (InputStream in = Typeface.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("font resource " + resource + " is missing from the classpath");
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read font resource " + resource, e);
        }
    }

    /** Parses a TrueType (glyf-outline) font file; bad data gives an IllegalStateException naming the table. */
    static Typeface parse(byte[] ttf) {
        return new Typeface(ttf.clone());
    }

    private Typeface(byte[] ttf) {
        Table file = new Table("font directory", ttf, 0, ttf.length);
        long version = file.u32(0);
        if (version != 0x00010000L && version != 0x74727565L) {
            throw new IllegalStateException("font directory: not a TrueType font (version 0x"
                    + Long.toHexString(version) + ")");
        }
        int numTables = file.u16(4);
        Table head = find(file, numTables, "head");
        Table maxp = find(file, numTables, "maxp");
        Table hhea = find(file, numTables, "hhea");
        Table hmtx = find(file, numTables, "hmtx");
        Table cmap = find(file, numTables, "cmap");
        Table loca = find(file, numTables, "loca");
        glyf = find(file, numTables, "glyf");

        if (head.u32(12) != 0x5F0F3CF5L) {
            throw new IllegalStateException("head: bad magic number 0x" + Long.toHexString(head.u32(12)));
        }
        unitsPerEm = head.u16(18);
        if (unitsPerEm < 16 || unitsPerEm > 16384) {
            throw new IllegalStateException("head: unitsPerEm " + unitsPerEm + " is outside 16..16384");
        }
        int locFormat = head.s16(50);
        if (locFormat != 0 && locFormat != 1) {
            throw new IllegalStateException("head: indexToLocFormat " + locFormat + " is neither 0 nor 1");
        }
        int numGlyphs = maxp.u16(4);
        if (numGlyphs == 0) {
            throw new IllegalStateException("maxp: the font has no glyphs");
        }

        ascender = hhea.s16(4);
        descender = hhea.s16(6);
        int numberOfHMetrics = hhea.u16(34);
        if (numberOfHMetrics < 1 || numberOfHMetrics > numGlyphs) {
            throw new IllegalStateException("hhea: numberOfHMetrics " + numberOfHMetrics + " is outside 1.."
                    + numGlyphs);
        }
        advanceWidths = new int[numGlyphs];
        for (int g = 0; g < numGlyphs; g++) {
            // glyphs past the last full metric repeat its advance (monospaced tails)
            advanceWidths[g] = hmtx.u16(4 * Math.min(g, numberOfHMetrics - 1));
        }

        glyphOffsets = new int[numGlyphs + 1];
        for (int g = 0; g <= numGlyphs; g++) {
            long offset = locFormat == 0 ? 2L * loca.u16(2 * g) : loca.u32(4 * g);
            if (offset > glyf.length || (g > 0 && offset < glyphOffsets[g - 1])) {
                throw new IllegalStateException("loca: offset " + offset + " of glyph " + g
                        + " is decreasing or past the glyf table's end (" + glyf.length + " bytes)");
            }
            glyphOffsets[g] = (int) offset;
        }
        outlines = new Path2D.Double[numGlyphs];

        bmpGlyphs = new char[0x10000];
        int format4 = -1;
        int format12 = -1;
        int numSubtables = cmap.u16(2);
        for (int i = 0; i < numSubtables; i++) {
            int platform = cmap.u16(4 + 8 * i);
            int encoding = cmap.u16(6 + 8 * i);
            int offset = (int) Math.min(Integer.MAX_VALUE, cmap.u32(8 + 8 * i));
            boolean unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
            if (unicode && cmap.u16(offset) == 4 && format4 < 0) {
                format4 = offset;
            } else if (unicode && cmap.u16(offset) == 12 && format12 < 0) {
                format12 = offset;
            }
        }
        if (format4 < 0 && format12 < 0) {
            throw new IllegalStateException("cmap: no Unicode subtable of format 4 or 12");
        }
        if (format4 >= 0) {
            readFormat4(cmap, format4, numGlyphs);
        }
        if (format12 >= 0) {
            int groups = checkedCount(cmap, cmap.u32(format12 + 12), format12 + 16, 12);
            groupStarts = new int[groups];
            groupEnds = new int[groups];
            groupGlyphs = new int[groups];
            for (int i = 0; i < groups; i++) {
                int at = format12 + 16 + 12 * i;
                long start = cmap.u32(at);
                long end = cmap.u32(at + 4);
                long glyph = cmap.u32(at + 8);
                if (end < start || end > 0x10FFFF || (i > 0 && start <= groupEnds[i - 1])
                        || glyph + (end - start) >= numGlyphs) {
                    throw new IllegalStateException("cmap: format 12 group " + i + " (" + start + ".." + end
                            + " -> glyph " + glyph + ") is unsorted or out of range");
                }
                groupStarts[i] = (int) start;
                groupEnds[i] = (int) end;
                groupGlyphs[i] = (int) glyph;
                if (format4 < 0) {
                    for (long c = start; c <= Math.min(end, 0xFFFF); c++) {
                        bmpGlyphs[(int) c] = (char) (glyph + (c - start));
                    }
                }
            }
        } else {
            groupStarts = new int[0];
            groupEnds = new int[0];
            groupGlyphs = new int[0];
        }
    }

    private void readFormat4(Table cmap, int at, int numGlyphs) {
        int segments = cmap.u16(at + 6) / 2;
        int ends = at + 14;
        int starts = ends + 2 * segments + 2;
        int deltas = starts + 2 * segments;
        int rangeOffsets = deltas + 2 * segments;
        for (int s = 0; s < segments; s++) {
            int end = cmap.u16(ends + 2 * s);
            int start = cmap.u16(starts + 2 * s);
            int delta = cmap.u16(deltas + 2 * s);
            int rangeOffset = cmap.u16(rangeOffsets + 2 * s);
            for (int c = start; c <= end && start <= end; c++) {
                int glyph;
                if (rangeOffset == 0) {
                    glyph = (c + delta) & 0xFFFF;
                } else {
                    // idRangeOffset counts bytes from its own slot into glyphIdArray
                    glyph = cmap.u16(rangeOffsets + 2 * s + rangeOffset + 2 * (c - start));
                    glyph = glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
                }
                if (glyph >= numGlyphs) {
                    throw new IllegalStateException("cmap: code point U+" + Integer.toHexString(c)
                            + " maps to glyph " + glyph + " of only " + numGlyphs);
                }
                bmpGlyphs[c] = (char) glyph;
            }
        }
    }

    private static int checkedCount(Table table, long count, int at, int recordSize) {
        if (count < 0 || at + count * recordSize > table.length) {
            throw new IllegalStateException(table.name + ": " + count + " records of " + recordSize
                    + " bytes at offset " + at + " run past the table's end (" + table.length + " bytes)");
        }
        return (int) count;
    }

    private static Table find(Table file, int numTables, String tag) {
        for (int i = 0; i < numTables; i++) {
            int record = 12 + 16 * i;
            if (file.tag(record).equals(tag)) {
                long offset = file.u32(record + 8);
                long length = file.u32(record + 12);
                if (offset + length > file.length) {
                    throw new IllegalStateException(tag + ": table of " + length + " bytes at offset " + offset
                            + " runs past the end of the font file (" + file.length + " bytes)");
                }
                return new Table(tag, file.data, (int) offset, (int) length);
            }
        }
        throw new IllegalStateException(tag + ": the font has no such table");
    }

    /** The glyph drawn for a code point: glyph 0 (the font's "missing" box) where the font has none. */
    int glyph(int codePoint) {
        if (codePoint >= 0 && codePoint <= 0xFFFF) {
            return bmpGlyphs[codePoint];
        }
        int lo = 0;
        int hi = groupStarts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (codePoint < groupStarts[mid]) {
                hi = mid - 1;
            } else if (codePoint > groupEnds[mid]) {
                lo = mid + 1;
            } else {
                return groupGlyphs[mid] + (codePoint - groupStarts[mid]);
            }
        }
        return 0;
    }

    /** Advance width of the text in pixels: the sum of its glyphs' advances (no kerning). */
    double advance(String text, double sizePx) {
        long units = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            units += advanceWidths[glyph(codePoint)];
            i += Character.charCount(codePoint);
        }
        return units * sizePx / unitsPerEm;
    }

    /** Height above the baseline (hhea ascender) in pixels, positive. */
    double ascent(double sizePx) {
        return ascender * sizePx / unitsPerEm;
    }

    /** Depth below the baseline (hhea descender) in pixels, positive. */
    double descent(double sizePx) {
        return -descender * sizePx / unitsPerEm;
    }

    /**
     * The text's outline in Java2D coordinates (y grows downward), pen starting at {@code x} on the baseline
     * {@code baselineY}; fill it with the non-zero rule it carries.
     */
    Shape outline(String text, double sizePx, double x, double baselineY) {
        double scale = sizePx / unitsPerEm;
        Path2D.Double shape = new Path2D.Double(Path2D.WIND_NON_ZERO);
        long pen = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int glyph = glyph(codePoint);
            Path2D.Double glyphOutline = glyphOutline(glyph);
            if (glyphOutline.getCurrentPoint() != null) {
                AffineTransform place = new AffineTransform(scale, 0, 0, -scale, x + pen * scale, baselineY);
                shape.append(glyphOutline.getPathIterator(place), false);
            }
            pen += advanceWidths[glyph];
            i += Character.charCount(codePoint);
        }
        return shape;
    }

    /** The glyph's outline in font units (y up); parsed once, then shared, so it never leaves this class. */
    private synchronized Path2D.Double glyphOutline(int glyph) {
        Path2D.Double outline = outlines[glyph];
        if (outline == null) {
            outline = GlyphPoints.read(glyf, glyphOffsets, glyph, 0).toPath();
            outlines[glyph] = outline;
        }
        return outline;
    }

    /** The points and contours of one glyph in font units, composites resolved. */
    private static final class GlyphPoints {
        private static final GlyphPoints EMPTY = new GlyphPoints(new double[0], new double[0], new boolean[0],
                new int[0]);

        final double[] xs;
        final double[] ys;
        final boolean[] onCurve;
        /** Index of the last point of each contour. */
        final int[] contourEnds;

        GlyphPoints(double[] xs, double[] ys, boolean[] onCurve, int[] contourEnds) {
            this.xs = xs;
            this.ys = ys;
            this.onCurve = onCurve;
            this.contourEnds = contourEnds;
        }

        static GlyphPoints read(Table glyf, int[] offsets, int glyph, int depth) {
            if (glyph < 0 || glyph >= offsets.length - 1) {
                throw new IllegalStateException("glyf: glyph " + glyph + " does not exist (the font has "
                        + (offsets.length - 1) + ")");
            }
            int at = offsets[glyph];
            if (offsets[glyph + 1] == at) {
                return EMPTY;
            }
            int contours = glyf.s16(at);
            return contours >= 0 ? simple(glyf, at, contours, glyph) : composite(glyf, offsets, at, glyph, depth);
        }

        /**
         * Reads one axis's coordinates, stored as deltas from {@code p}, into {@code out} and returns the offset after
         * them. Per point: with the {@code shortBit} flag a byte whose sign is + if the {@code sameOrPositive} flag is
         * set; without it, a 16-bit delta, or none (the previous value repeats) if the {@code sameOrPositive} flag is.
         */
        private static int coordinates(Table glyf, int p, byte[] flags, int shortBit, int sameOrPositive,
                                       double[] out) {
            int v = 0;
            for (int i = 0; i < out.length; i++) {
                int flag = flags[i];
                if ((flag & shortBit) != 0) {
                    int d = glyf.u8(p++);
                    v += (flag & sameOrPositive) != 0 ? d : -d;
                } else if ((flag & sameOrPositive) == 0) {
                    v += glyf.s16(p);
                    p += 2;
                }
                out[i] = v;
            }
            return p;
        }

        private static GlyphPoints simple(Table glyf, int at, int contours, int glyph) {
            int[] ends = new int[contours];
            int p = at + 10;
            for (int c = 0; c < contours; c++) {
                ends[c] = glyf.u16(p);
                p += 2;
                if (c > 0 && ends[c] <= ends[c - 1]) {
                    throw new IllegalStateException("glyf: glyph " + glyph + " has contour ends out of order");
                }
            }
            int points = contours == 0 ? 0 : ends[contours - 1] + 1;
            p += 2 + glyf.u16(p); // skip the hinting instructions
            byte[] flags = new byte[points];
            for (int i = 0; i < points; ) {
                int flag = glyf.u8(p++);
                int repeat = (flag & 8) != 0 ? glyf.u8(p++) : 0;
                if (i + 1 + repeat > points) {
                    throw new IllegalStateException("glyf: glyph " + glyph + " repeats a flag past its "
                            + points + " points");
                }
                for (int r = 0; r <= repeat; r++) {
                    flags[i++] = (byte) flag;
                }
            }
            double[] xs = new double[points];
            double[] ys = new double[points];
            boolean[] on = new boolean[points];
            for (int i = 0; i < points; i++) {
                on[i] = (flags[i] & 1) != 0;
            }
            p = coordinates(glyf, p, flags, 2, 16, xs);
            coordinates(glyf, p, flags, 4, 32, ys);
            return new GlyphPoints(xs, ys, on, ends);
        }

        private static GlyphPoints composite(Table glyf, int[] offsets, int at, int glyph, int depth) {
            if (depth >= MAX_COMPOSITE_DEPTH) {
                throw new IllegalStateException("glyf: composite glyph " + glyph + " nests deeper than "
                        + MAX_COMPOSITE_DEPTH + " levels (a cycle?)");
            }
            GlyphPoints sum = EMPTY;
            int p = at + 10;
            int flags;
            do {
                flags = glyf.u16(p);
                int component = glyf.u16(p + 2);
                p += 4;
                boolean words = (flags & 0x0001) != 0;
                boolean xyValues = (flags & 0x0002) != 0;
                int arg1;
                int arg2;
                if (words) {
                    arg1 = xyValues ? glyf.s16(p) : glyf.u16(p);
                    arg2 = xyValues ? glyf.s16(p + 2) : glyf.u16(p + 2);
                    p += 4;
                } else {
                    arg1 = xyValues ? glyf.s8(p) : glyf.u8(p);
                    arg2 = xyValues ? glyf.s8(p + 1) : glyf.u8(p + 1);
                    p += 2;
                }
                double a = 1;
                double b = 0;
                double c = 0;
                double d = 1;
                if ((flags & 0x0008) != 0) {
                    a = d = f2dot14(glyf.s16(p));
                    p += 2;
                } else if ((flags & 0x0040) != 0) {
                    a = f2dot14(glyf.s16(p));
                    d = f2dot14(glyf.s16(p + 2));
                    p += 4;
                } else if ((flags & 0x0080) != 0) {
                    a = f2dot14(glyf.s16(p));
                    b = f2dot14(glyf.s16(p + 2));
                    c = f2dot14(glyf.s16(p + 4));
                    d = f2dot14(glyf.s16(p + 6));
                    p += 8;
                }
                GlyphPoints part = read(glyf, offsets, component, depth + 1).transformed(a, b, c, d, 0, 0);
                double dx;
                double dy;
                if (xyValues) {
                    boolean scaledOffset = (flags & 0x0800) != 0 && (flags & 0x1000) == 0;
                    dx = scaledOffset ? a * arg1 + c * arg2 : arg1;
                    dy = scaledOffset ? b * arg1 + d * arg2 : arg2;
                } else {
                    // anchor: the component's point arg2 lands on the glyph-so-far's point arg1
                    if (arg1 >= sum.xs.length || arg2 >= part.xs.length) {
                        throw new IllegalStateException("glyf: composite glyph " + glyph
                                + " matches points " + arg1 + " and " + arg2 + " that do not exist");
                    }
                    dx = sum.xs[arg1] - part.xs[arg2];
                    dy = sum.ys[arg1] - part.ys[arg2];
                }
                sum = sum.plus(part.transformed(1, 0, 0, 1, dx, dy));
            } while ((flags & 0x0020) != 0);
            return sum;
        }

        private static double f2dot14(int value) {
            return value / 16384.0;
        }

        GlyphPoints transformed(double a, double b, double c, double d, double e, double f) {
            double[] tx = new double[xs.length];
            double[] ty = new double[ys.length];
            for (int i = 0; i < xs.length; i++) {
                tx[i] = a * xs[i] + c * ys[i] + e;
                ty[i] = b * xs[i] + d * ys[i] + f;
            }
            return new GlyphPoints(tx, ty, onCurve, contourEnds);
        }

        GlyphPoints plus(GlyphPoints other) {
            int n = xs.length;
            int m = other.xs.length;
            double[] x = new double[n + m];
            double[] y = new double[n + m];
            boolean[] on = new boolean[n + m];
            int[] ends = new int[contourEnds.length + other.contourEnds.length];
            System.arraycopy(xs, 0, x, 0, n);
            System.arraycopy(other.xs, 0, x, n, m);
            System.arraycopy(ys, 0, y, 0, n);
            System.arraycopy(other.ys, 0, y, n, m);
            System.arraycopy(onCurve, 0, on, 0, n);
            System.arraycopy(other.onCurve, 0, on, n, m);
            System.arraycopy(contourEnds, 0, ends, 0, contourEnds.length);
            for (int i = 0; i < other.contourEnds.length; i++) {
                ends[contourEnds.length + i] = other.contourEnds[i] + n;
            }
            return new GlyphPoints(x, y, on, ends);
        }

        /** Quadratic B-spline contours to a path; two off-curve points in a row imply an on-curve midpoint. */
        Path2D.Double toPath() {
            Path2D.Double path = new Path2D.Double(Path2D.WIND_NON_ZERO);
            int first = 0;
            for (int end : contourEnds) {
                int n = end - first + 1;
                if (n == 1) {
                    // a lone point (an anchor, as in DejaVu's "u") inks nothing but counts in the bounds, as in
                    // FreeType
                    path.moveTo(xs[first], ys[first]);
                    path.lineTo(xs[first], ys[first]);
                    path.closePath();
                } else if (n > 1) {
                    addContour(path, first, n);
                }
                first = end + 1;
            }
            return path;
        }

        private void addContour(Path2D.Double path, int first, int n) {
            int last = first + n - 1;
            double startX;
            double startY;
            int from; // first point after the start
            int count; // points to walk after the start
            if (onCurve[first]) {
                startX = xs[first];
                startY = ys[first];
                from = first + 1;
                count = n - 1;
            } else if (onCurve[last]) {
                startX = xs[last];
                startY = ys[last];
                from = first;
                count = n - 1;
            } else {
                startX = (xs[first] + xs[last]) / 2;
                startY = (ys[first] + ys[last]) / 2;
                from = first;
                count = n;
            }
            path.moveTo(startX, startY);
            boolean pending = false;
            double offX = 0;
            double offY = 0;
            for (int k = 0; k < count; k++) {
                int i = from + k;
                double px = xs[i];
                double py = ys[i];
                if (onCurve[i]) {
                    if (pending) {
                        path.quadTo(offX, offY, px, py);
                        pending = false;
                    } else {
                        path.lineTo(px, py);
                    }
                } else {
                    if (pending) {
                        path.quadTo(offX, offY, (offX + px) / 2, (offY + py) / 2);
                    }
                    offX = px;
                    offY = py;
                    pending = true;
                }
            }
            if (pending) {
                path.quadTo(offX, offY, startX, startY);
            }
            path.closePath();
        }
    }

    /** A bounds-checked big-endian view of one table, so bad data names the table instead of overrunning. */
    private static final class Table {
        final String name;
        final byte[] data;
        final int start;
        final int length;

        Table(String name, byte[] data, int start, int length) {
            this.name = name;
            this.data = data;
            this.start = start;
            this.length = length;
        }

        private int at(int offset, int size) {
            if (offset < 0 || offset > length - size) {
                throw new IllegalStateException(name + ": read of " + size + " bytes at offset " + offset
                        + " is past the table's end (" + length + " bytes)");
            }
            return start + offset;
        }

        int u8(int offset) {
            return data[at(offset, 1)] & 0xFF;
        }

        int s8(int offset) {
            return data[at(offset, 1)];
        }

        int u16(int offset) {
            int i = at(offset, 2);
            return ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
        }

        int s16(int offset) {
            return (short) u16(offset);
        }

        long u32(int offset) {
            int i = at(offset, 4);
            return ((long) (data[i] & 0xFF) << 24) | ((data[i + 1] & 0xFF) << 16) | ((data[i + 2] & 0xFF) << 8)
                    | (data[i + 3] & 0xFF);
        }

        String tag(int offset) {
            int i = at(offset, 4);
            return new String(data, i, 4, StandardCharsets.US_ASCII);
        }
    }
}
