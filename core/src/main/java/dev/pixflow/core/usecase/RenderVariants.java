package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.VariantSpec;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.ImageEngine;
import dev.pixflow.core.port.MetadataStore;
import dev.pixflow.core.port.Telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders variants of one image from a single decode and records each one. Keys are derived from the
 * image id and the recipe hash, so doing this twice overwrites the same objects instead of adding new ones.
 */
public final class RenderVariants {
    private final ImageEngine engine;
    private final BlobStore blobs;
    private final MetadataStore metadata;
    private final VariantCatalogue catalogue;
    private final Clock clock;
    private final Telemetry telemetry;

    public RenderVariants(ImageEngine engine, BlobStore blobs, MetadataStore metadata, VariantCatalogue catalogue,
                          Clock clock, Telemetry telemetry) {
        this.engine = engine;
        this.blobs = blobs;
        this.metadata = metadata;
        this.catalogue = catalogue;
        this.clock = clock;
        this.telemetry = telemetry;
    }

    /** The variants among {@code names} that the record lacks or holds under an outdated recipe. */
    public List<String> missing(ImageRecord image, List<String> names) {
        return names.stream().filter(name -> catalogue.find(name).map(spec -> {
            Rendition have = image.renditions().get(name);
            return have == null || !have.key().equals(keyFor(image, spec));
        }).orElse(false)).toList();
    }

    /** Renders and records the named variants; the renditions made, by name. */
    public Map<String, Rendition> render(ImageRecord image, List<String> names) throws IOException {
        List<VariantSpec> specs = catalogue.specs(names);
        Map<String, Rendition> made = new LinkedHashMap<>();
        if (specs.isEmpty()) {
            return made;
        }
        List<RenderedFile> outputs;
        long started = System.nanoTime();
        try (BlobStore.LocalCopy original = blobs.localCopy(image.originalKey())) {
            outputs = engine.render(original.path(), specs, image.hasAlpha(), blobs.spoolDirectory());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        try {
            for (RenderedFile out : outputs) {
                Rendition rendition = store(image, out);
                telemetry.rendered(out.spec().name(), took);
                made.put(rendition.variant(), rendition);
            }
        } finally {
            for (RenderedFile out : outputs) {
                Files.deleteIfExists(out.file());
            }
        }
        return made;
    }

    private Rendition store(ImageRecord image, RenderedFile out) throws IOException {
        BlobKey key = BlobKey.rendition(image.id(), out.spec().name(), out.spec().recipeHash(), out.format());
        String sha256 = UploadSpooler.sha256Of(out.file());
        long size = Files.size(out.file());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        blobs.put(key, out.file());
        Rendition rendition = new Rendition(out.spec().name(), key, out.format(), out.width(), out.height(), size, sha256, now);
        if (!metadata.putRendition(image.id(), rendition, now)) {
            // Deleted while we rendered: do not leave an orphan behind.
            blobs.delete(key);
            throw new dev.pixflow.core.domain.NotFoundException("image " + image.id() + " was deleted");
        }
        return rendition;
    }

    private static BlobKey keyFor(ImageRecord image, VariantSpec spec) {
        return BlobKey.rendition(image.id(), spec.name(), spec.recipeHash(), VariantSpec.outputFormat(image.hasAlpha()));
    }
}
