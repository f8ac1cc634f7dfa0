package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * libvips holds an animation as one tall image, its frames stacked, with {@code page-height}. An
 * operation on it runs on each frame (a lazy view of the strip), and the results are stacked again;
 * nothing is computed until the encoder pulls the pixels, frame after frame.
 */
public final class Frames {
    private Frames() {
    }

    public static VipsImage map(VipsImage strip, int frames, Function<VipsImage, VipsImage> operation) {
        int height = strip.height() / frames;
        List<VipsImage> done = new ArrayList<>(frames);
        try {
            for (int i = 0; i < frames; i++) {
                try (VipsImage frame = strip.apply("extract_area", VipsOptions.none(), 0, i * height, strip.width(), height)) {
                    done.add(operation.apply(frame));
                }
            }
            int frameHeight = done.getFirst().height();
            try (VipsImage joined = VipsImage.arrayjoin(done, 1)) {
                return joined.withIntField("page-height", frameHeight);
            }
        } finally {
            done.forEach(VipsImage::close);
        }
    }
}
