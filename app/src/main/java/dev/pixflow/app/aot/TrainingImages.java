package dev.pixflow.app.aot;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The training's photos, drawn here so that the training needs no file: a large JPEG (shrink-on-load,
 * the three variants), a small one, and a PNG with transparency (another loader, the flattening step).
 */
final class TrainingImages {
    /** A photo to upload: its bytes and their media type. */
    record Image(byte[] bytes, String mediaType) {
    }

    private TrainingImages() {
    }

    static List<Image> all() {
        return List.of(new Image(draw(3000, 2000, false, "jpeg"), "image/jpeg"),
                new Image(draw(800, 1200, false, "jpeg"), "image/jpeg"),
                new Image(draw(1200, 900, true, "png"), "image/png"));
    }

    private static byte[] draw(int width, int height, boolean alpha, String format) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160, alpha ? 120 : 255), width, height, new Color(240, 200, 90)));
            g.fillRect(0, 0, width, height);
            // Something for the attention crop to find: a bright, saturated disc off centre.
            g.setColor(new Color(220, 30, 40));
            g.fillOval(width / 5, height / 3, width / 4, width / 4);
            g.setColor(Color.WHITE);
            g.fillRect(width * 2 / 3, height / 8, width / 6, height / 5);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
