package dev.pixflow.core.usecase;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.PersonText;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.RenderRequest;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.ImageDescriber;
import dev.pixflow.core.port.ImageEngine;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.Telemetry;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.recipe.Variant;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alt text for one image, as a queue job of its own after the upload: a small JPEG is rendered from
 * the original (upright, sRGB, no metadata, never stored) and given to the describer, and the answer
 * becomes the record's alt text, unless the owner wrote one meanwhile. A failure is the queue's to
 * retry; it never fails the image.
 */
public final class DescribeImage {
    /** A few hundred pixels are what vision models look at anyway; more only costs upload time and tokens. */
    static final Variant INPUT = new Variant("alt-text-input", Recipe.parse("w:512,h:512,q:80,f:jpeg"));

    private final ImageRecords records;
    private final BlobStore blobs;
    private final ImageEngine engine;
    private final ImageDescriber describer;
    private final RenditionSettings settings;
    private final Clock clock;
    private final Telemetry telemetry;

    public DescribeImage(ImageRecords records, BlobStore blobs, ImageEngine engine, ImageDescriber describer,
                         RenditionSettings settings, Clock clock, Telemetry telemetry) {
        this.records = records;
        this.blobs = blobs;
        this.engine = engine;
        this.describer = describer;
        this.settings = settings;
        this.clock = clock;
        this.telemetry = telemetry;
    }

    /** Whether a describe job is worth queueing for this image: it has no alt text yet. */
    public boolean wanted(ImageRecord image) {
        return image.metadata().altText() == null;
    }

    public void describe(ImageId id) throws IOException {
        Optional<ImageRecord> found = records.find(id);
        if (found.isEmpty() || found.get().isExpired(clock.instant()) || !wanted(found.get())) {
            telemetry.altText("kept");
            return;
        }
        ImageRecord image = found.get();
        List<RenderedFile> small;
        try (BlobStore.LocalCopy original = blobs.localCopy(image.originalKey())) {
            small = engine.render(new RenderRequest(original.path(), List.of(INPUT), image.hasAlpha(), Map.of(),
                    settings.limits(), blobs.spoolDirectory()));
        }
        try {
            String text = PersonText.readable(describer.describe(small.getFirst().file())).strip();
            if (text.length() > ImageMetadata.MAX_ALT_TEXT) {
                // Cut between characters, never inside a surrogate pair.
                int end = Character.isLowSurrogate(text.charAt(ImageMetadata.MAX_ALT_TEXT)) ? ImageMetadata.MAX_ALT_TEXT - 1
                        : ImageMetadata.MAX_ALT_TEXT;
                text = text.substring(0, end).strip();
            }
            if (text.isEmpty()) {
                throw new IOException("the describer gave an empty text");
            }
            Instant now = clock.instant();
            telemetry.altText(records.fillAltText(id, text, now) ? "written" : "kept");
        } catch (IOException | RuntimeException e) {
            telemetry.altText("failed");
            throw e;
        } finally {
            for (RenderedFile f : small) {
                Files.deleteIfExists(f.file());
            }
        }
    }
}
