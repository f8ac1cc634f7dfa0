package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.Deadline;
import dev.pixflow.core.domain.DeadlineExceededException;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.RenderRequest;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.ImageEngine;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.RenditionRecords;
import dev.pixflow.core.port.Telemetry;
import dev.pixflow.core.recipe.Op;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.core.recipe.Watermark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renders variants of one image from a single decode and records each one. Keys are derived from the
 * image id and the recipe hash, so doing this twice overwrites the same objects instead of adding new ones.
 */
public final class RenderVariants {
    private static final System.Logger LOG = System.getLogger(RenderVariants.class.getName());
    private final ImageEngine engine;
    private final BlobStore blobs;
    private final ImageRecords records;
    private final RenditionRecords renditions;
    private final VariantCatalogue catalogue;
    private final RenditionSettings settings;
    private final Clock clock;
    private final Telemetry telemetry;

    public RenderVariants(ImageEngine engine, BlobStore blobs, ImageRecords records, RenditionRecords renditions, VariantCatalogue catalogue,
                          RenditionSettings settings, Clock clock, Telemetry telemetry) {
        this.engine = engine;
        this.blobs = blobs;
        this.records = records;
        this.renditions = renditions;
        this.catalogue = catalogue;
        this.settings = settings;
        this.clock = clock;
        this.telemetry = telemetry;
    }

    public VariantCatalogue catalogue() {
        return catalogue;
    }

    /** The configured variants among {@code names} that the record lacks or holds under an outdated recipe. */
    public List<String> missing(ImageRecord image, List<String> names) {
        return missingVariants(image, catalogue.variants(names)).stream().map(Variant::name).toList();
    }

    /** The variants the record lacks, or holds under another recipe. */
    public List<Variant> missingVariants(ImageRecord image, List<Variant> variants) {
        return variants.stream().filter(v -> image.madeUnder(v).isEmpty()).toList();
    }

    /** Renders and records the named configured variants; the renditions made, by name. */
    public Map<String, Rendition> render(ImageRecord image, List<String> names) throws IOException {
        return renderVariants(image, catalogue.variants(names));
    }

    /** A render deadline starting now, as long as the settings say. */
    public Deadline newDeadline() {
        return Deadline.after(settings.renderDeadline());
    }

    /** Renders and records these variants from one decode, under a deadline starting now; the renditions made, by name. */
    public Map<String, Rendition> renderVariants(ImageRecord image, List<Variant> variants) throws IOException {
        return renderVariants(image, variants, newDeadline());
    }

    /**
     * Renders and records these variants from one decode; the renditions made, by name.
     *
     * @throws DeadlineExceededException when the render passed {@code deadline}: nothing is recorded
     */
    public Map<String, Rendition> renderVariants(ImageRecord image, List<Variant> variants, Deadline deadline)
            throws IOException {
        Map<String, Rendition> made = new LinkedHashMap<>();
        if (variants.isEmpty()) {
            return made;
        }
        long started = System.nanoTime();
        List<RenderedFile> outputs = renderFiles(image, variants, deadline);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        try {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            List<Rendition> stored = new ArrayList<>();
            for (RenderedFile out : outputs) {
                stored.add(store(image, out, now));
            }
            if (!renditions.putRenditions(image.id(), stored, took, now)) {
                // Deleted while we rendered: do not leave orphans behind.
                for (Rendition rendition : stored) {
                    blobs.delete(rendition.key());
                }
                throw new NotFoundException("image " + image.id() + " was deleted");
            }
            deleteUnrecorded(image.id(), stored);
            for (Rendition rendition : stored) {
                telemetry.rendered(rendition.variant(), took);
                made.put(rendition.variant(), rendition);
            }
        } finally {
            for (RenderedFile out : outputs) {
                Files.deleteIfExists(out.file());
            }
        }
        return made;
    }

    /**
     * Deletes the bytes of asked-for renditions that were not recorded because their request was removed,
     * or asked for again under another recipe, while they rendered: nothing names them. Configured
     * variants are always recorded, so an upload's render reads nothing more here. Should the same
     * recipe be asked for again and its job store the same key between the record's answer and the
     * deletion, the record names bytes that are gone, and delivery renders them again on the next
     * request. The renditions made are recorded by now, so a failure here is logged, not thrown.
     */
    private void deleteUnrecorded(ImageId id, List<Rendition> stored) {
        List<Rendition> asked = stored.stream().filter(r -> catalogue.find(r.variant()).isEmpty()).toList();
        if (asked.isEmpty()) {
            return;
        }
        try {
            Optional<ImageRecord> now = records.find(id);
            for (Rendition rendition : asked) {
                boolean recorded = now.map(r -> r.renditions().get(rendition.variant()))
                        .filter(r -> r.key().equals(rendition.key())).isPresent();
                if (!recorded) {
                    blobs.delete(rendition.key());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the bytes of a rendition of " + id
                    + " removed while it rendered were not deleted; they go with the image", e);
        }
    }

    /** {@link #renderFiles(ImageRecord, List, Deadline)} under a deadline starting now. */
    public List<RenderedFile> renderFiles(ImageRecord image, List<Variant> variants) throws IOException {
        return renderFiles(image, variants, newDeadline());
    }

    /**
     * Renders these variants from one decode into files in the store's spool directory, recording
     * nothing: the caller stores (or streams) and deletes them.
     *
     * @throws DeadlineExceededException when the render passed {@code deadline}: no file is left
     */
    public List<RenderedFile> renderFiles(ImageRecord image, List<Variant> variants, Deadline deadline)
            throws IOException {
        List<BlobStore.LocalCopy> copies = new ArrayList<>();
        try (BlobStore.LocalCopy original = blobs.localCopy(image.originalKey())) {
            Map<String, Path> watermarks = new LinkedHashMap<>();
            for (String source : watermarkSources(variants)) {
                watermarks.put(source, watermarkFile(source, copies));
            }
            return engine.render(new RenderRequest(original.path(), variants, image.hasAlpha(), watermarks,
                    settings.limits(), blobs.spoolDirectory(), Optional.of(deadline)));
        } finally {
            copies.forEach(BlobStore.LocalCopy::close);
        }
    }

    static Set<String> watermarkSources(List<Variant> variants) {
        Set<String> sources = new LinkedHashSet<>();
        for (Variant v : variants) {
            for (Op op : v.recipe().ops()) {
                if (op instanceof Watermark w) {
                    sources.add(w.source());
                }
            }
        }
        return sources;
    }

    private Path watermarkFile(String source, List<BlobStore.LocalCopy> copies) throws IOException {
        if (Watermark.LOGO.equals(source)) {
            return settings.logo().orElseThrow(() -> new NotFoundException("no watermark logo is configured"));
        }
        Watermark probe = Watermark.of(source);
        ImageRecord mark = records.find(probe.imageId().orElseThrow())
                .orElseThrow(() -> new NotFoundException("the watermark image " + source + " does not exist"));
        BlobStore.LocalCopy copy = blobs.localCopy(mark.originalKey());
        copies.add(copy);
        return copy.path();
    }

    /** Stores the output's bytes; the rendition that describes them is for the caller to record. */
    private Rendition store(ImageRecord image, RenderedFile out, Instant now) throws IOException {
        BlobKey key = BlobKey.rendition(image.id(), out.spec().name(), out.spec().recipeHash(), out.format());
        String sha256 = UploadSpooler.sha256Of(out.file());
        long size = Files.size(out.file());
        // A render on a request and the worker's may make the same rendition at once, in other bytes (the
        // worker's thumb comes from its medium): the first stored stays, since a response may already be
        // sending it at the size it read, and this record describes those bytes.
        if (!blobs.putIfAbsent(key, out.file())) {
            size = blobs.find(key).orElseThrow(() -> new NotFoundException("rendition " + key + " vanished")).size();
            try (InputStream stored = blobs.open(key, 0)) {
                sha256 = UploadSpooler.sha256Of(stored);
            }
        }
        return new Rendition(out.spec().name(), key, out.format(), out.width(), out.height(), size,
                sha256, now, out.frames(), out.firstFrameOnly());
    }
}
