package org.fedhaem.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Hand-made results.json files (with data_summary and curves, docs/results.md) and small figures for the tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** A binary task: 2 sites, fedavg and fedprox, 2 repeats, F1 partly undefined, ROC and confusion matrices. */
    static ObjectNode binary() {
        return read("binary-results.json");
    }

    /** A survival task as a deployment writes it: curves null with the reason. */
    static ObjectNode survival() {
        return read("survival-results.json");
    }

    private static ObjectNode read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            return (ObjectNode) new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A figure whose PNG is a small picture: a white square with a black diagonal. */
    static Figure figure(String file, String caption, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.drawLine(0, 0, width - 1, height - 1);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Figure(file, caption, png.toByteArray(), width, height);
    }
}
