package dev.pixflow.core.testing;

import dev.pixflow.core.port.ImageDescriber;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A describer that answers one fixed text and keeps the headers of the images it was shown, so a test
 * sees what the model would have been sent (a small JPEG) without calling one.
 */
public final class CannedDescriber implements ImageDescriber {
    private final String text;
    private final List<String> shown = new ArrayList<>();

    public CannedDescriber(String text) {
        this.text = text;
    }

    @Override
    public synchronized String describe(Path jpeg) throws IOException {
        shown.add(FakeImages.read(jpeg).map(h -> h.format() + " " + h.width() + "x" + h.height()).orElse("not an image"));
        return text;
    }

    /** What each call was shown, as {@code format WxH}. */
    public synchronized List<String> shown() {
        return List.copyOf(shown);
    }
}
