package org.fedhaem.report.chart;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A minimal PNG encoder for opaque RGB images: 8-bit truecolour, every row filtered with "Up" (charts are mostly
 * flat colour, so rows repeat), one zlib stream. Several times faster than ImageIO's writer, which tries every
 * filter on every row, and the same image always gives the same bytes.
 */
final class Png {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int FILTER_UP = 2;

    private Png() {
    }

    /** Encodes an image of type {@link BufferedImage#TYPE_INT_RGB}. */
    static byte[] encode(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("PNG encoder takes TYPE_INT_RGB images, got type " + image.getType());
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        byte[] previous = new byte[w * 3];
        byte[] current = new byte[w * 3];
        byte[] line = new byte[1 + w * 3];
        Deflater deflater = new Deflater(6);
        ByteArrayOutputStream idat = new ByteArrayOutputStream(w * h / 8);
        byte[] buf = new byte[1 << 16];
        for (int y = 0; y < h; y++) {
            for (int x = 0, p = y * w; x < w; x++, p++) {
                current[3 * x] = (byte) (pixels[p] >> 16);
                current[3 * x + 1] = (byte) (pixels[p] >> 8);
                current[3 * x + 2] = (byte) pixels[p];
            }
            line[0] = FILTER_UP;
            for (int i = 0; i < current.length; i++) {
                line[i + 1] = (byte) (current[i] - previous[i]);
            }
            deflater.setInput(line);
            while (!deflater.needsInput()) {
                idat.write(buf, 0, deflater.deflate(buf));
            }
            byte[] t = previous;
            previous = current;
            current = t;
        }
        deflater.finish();
        while (!deflater.finished()) {
            idat.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();

        ByteArrayOutputStream out = new ByteArrayOutputStream(idat.size() + 64);
        out.writeBytes(SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, w);
        putInt(header, 4, h);
        header[8] = 8; // bits per sample
        header[9] = 2; // truecolour, no alpha; compression, filter method and interlace stay 0
        chunk(out, "IHDR", header);
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] head = new byte[8];
        putInt(head, 0, data.length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, head, 4, 4);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        byte[] tail = new byte[4];
        putInt(tail, 0, (int) crc.getValue());
        out.writeBytes(head);
        out.writeBytes(data);
        out.writeBytes(tail);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
