package dev.pixflow.app.faults;

import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;

import java.nio.file.Path;
import java.util.Random;

/**
 * JPEGs of random pixels: they compress as badly as busy photos, so an upload of one takes real time
 * on the wire and a render real CPU, which the crash tests need to hit something in flight.
 */
public final class NoisyPhotos {
    private NoisyPhotos() {
    }

    public static Path jpeg(Path dir, int width, int height, long seed) {
        byte[] pixels = new byte[width * height * 3];
        new Random(seed).nextBytes(pixels);
        Path file = dir.resolve("noise_%dx%d_%d.jpg".formatted(width, height, seed));
        try (VipsImage raw = VipsImage.fromPixels(pixels, width, height, 3);
             VipsImage srgb = raw.copy(VipsOptions.none().with("interpretation", VipsEnums.value("VipsInterpretation", "srgb")))) {
            srgb.save("jpegsave", file, VipsOptions.none().with("Q", 85));
        }
        return file;
    }
}
