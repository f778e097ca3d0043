package org.fedhaem.report;

import java.util.Arrays;
import java.util.Objects;

/**
 * One chart of a report: the PNG file name in the run directory (e.g. {@code comparison-c_index.png}), the caption
 * printed under it (what was measured on which test set), the encoded PNG, and its size in pixels.
 */
public record Figure(String file, String caption, byte[] png, int width, int height) {

    public Figure {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(caption, "caption");
        if (!file.matches("[a-z0-9][a-z0-9._-]*\\.png")) {
            throw new IllegalArgumentException("figure file name must be a lower-case .png name, got " + file);
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("figure size must be positive, got " + width + "x" + height);
        }
        png = png.clone();
    }

    @Override
    public byte[] png() {
        return png.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Figure f && file.equals(f.file) && caption.equals(f.caption)
                && Arrays.equals(png, f.png) && width == f.width && height == f.height;
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, caption, Arrays.hashCode(png), width, height);
    }

    @Override
    public String toString() {
        return "Figure[" + file + ", " + width + "x" + height + ", " + png.length + " bytes]";
    }
}
