package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.domain.Viewer;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.BlobStore.StoredBlob;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.Telemetry;
import dev.pixflow.core.recipe.Op;
import dev.pixflow.core.recipe.OutputFormat;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.core.recipe.Watermark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * On-the-fly transformations ({@code /t/...}): the recipe of a URL applied to an image. The result is
 * stored in the renditions store under {@code renditions/{id}/t-{recipe hash}.{ext}}, so the next
 * request for it is a read, and a burst of identical requests renders once ({@link SingleFlight}).
 * Results are not recorded in the catalogue: a URL can name any of countless recipes, and the key
 * alone says whether one exists. Deleting the image deletes them with its other renditions.
 *
 * <p>With the result cache off every request renders (into a temporary file the caller deletes): the
 * raw speed of the render path, and a mode for deployments that let the CDN be the only cache.
 */
public final class TransformImage {
    /** The variant name of transformation results in their keys. */
    public static final String NAME = "t";

    /**
     * @param image      the image transformed, whose record decides who may see the result
     * @param negotiated the format was chosen from the Accept header, so responses vary on it
     * @param temporary  a rendered file only this response uses (result cache off): delete it after sending
     */
    public record Transformed(ImageRecord image, Delivery delivery, boolean negotiated, Optional<Path> temporary) {
    }

    private final ImageRecords records;
    private final BlobStore blobs;
    private final RenderVariants renderer;
    private final RenderGate gate;
    private final RenditionSettings settings;
    private final boolean storeResults;
    private final Telemetry telemetry;
    private final SingleFlight<BlobKey, StoredBlob> flights = new SingleFlight<>();
    private final LiveImages live;
    private final boolean signedUrls;

    /**
     * {@code live}'s clock decides when an image has expired (410 from then on).
     *
     * @param signedUrls every URL asked of it was signed with the site's key (keys are configured), so the
     *                   site, not whoever asks, chose its recipe
     */
    public TransformImage(LiveImages live, ImageRecords records, BlobStore blobs, RenderVariants renderer, RenderGate gate,
                          RenditionSettings settings, boolean storeResults, boolean signedUrls, Telemetry telemetry) {
        this.signedUrls = signedUrls;
        this.live = live;
        this.records = records;
        this.blobs = blobs;
        this.renderer = renderer;
        this.gate = gate;
        this.settings = settings;
        this.storeResults = storeResults;
        this.telemetry = telemetry;
    }

    /**
     * The image, when this viewer may see it; a private image is to anyone else a 404, as in the API,
     * and an expired one a 410.
     */
    public ImageRecord image(ImageId id, Viewer viewer) {
        return live.require(id, viewer);
    }

    /** Requests now waiting for an identical render in progress. */
    public int waitingForSameRender() {
        return flights.waiting();
    }

    /**
     * The result of {@code recipe} on {@code image}: stored, or rendered now through the render gate.
     *
     * @param accept the request's Accept header, which decides {@code f:auto}
     */
    public Transformed transform(ImageRecord image, Recipe recipe, Optional<String> accept) throws Exception {
        boolean negotiated = recipe.output().format() == OutputFormat.AUTO;
        Recipe resolved = AutoFormat.resolve(recipe, image, accept, settings.limits());
        Variant variant = new Variant(NAME, resolved);
        ImageFormat format = variant.format(image.hasAlpha());
        // Who may be drawn, on every request: a watermark image made private, expired or deleted since a
        // result was stored stops it being served.
        checkWatermarks(image, resolved);
        BlobKey key = BlobKey.rendition(image.id(), NAME, resolved.hash(), format);
        // The limits of what may be rendered weigh a render only: a result stored before they were
        // tightened is served as it is, its URL having worked, when a CDN that lost its copy asks again.
        Optional<StoredBlob> stored = storeResults ? blobs.find(key) : Optional.empty();
        if (stored.isEmpty()) {
            settings.limits().checkRequest(resolved, new Size(image.width(), image.height()));
        }
        if (!storeResults) {
            return renderForThisResponse(image, variant, format, negotiated);
        }
        StoredBlob blob = stored.isPresent() ? stored.get()
                // Looked up again inside: a render of the same key may have ended between the two.
                : flights.run(key, () -> blobs.find(key).orElseGet(() -> renderAndStore(image, variant, key)));
        return new Transformed(image, new Delivery(blob, format.mediaType(), etagOf(blob), blob.lastModified()), negotiated,
                Optional.empty());
    }

    private StoredBlob renderAndStore(ImageRecord image, Variant variant, BlobKey key) {
        try {
            Path file = render(image, variant);
            try {
                blobs.put(key, file);
            } finally {
                Files.deleteIfExists(file);
            }
            if (records.find(image.id()).isEmpty()) {
                // Deleted while we rendered: leave no orphan under its prefix.
                blobs.delete(key);
                throw new NotFoundException("image " + image.id() + " was deleted");
            }
            return blobs.find(key).orElseThrow(() -> new IOException("rendition " + key + " vanished after storing"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Transformed renderForThisResponse(ImageRecord image, Variant variant, ImageFormat format,
                                              boolean negotiated) throws Exception {
        Path file = render(image, variant);
        try {
            BlobKey key = BlobKey.rendition(image.id(), NAME, variant.recipeHash(), format);
            String sha256 = UploadSpooler.sha256Of(file);
            StoredBlob blob = new StoredBlob(key, Files.size(file), Files.getLastModifiedTime(file).toInstant(), sha256,
                    Optional.of(file));
            // Dated by the image, not by this render: the same bytes made again answer alike, and a cache's
            // If-Modified-Since (or a client's If-Range by date) holds for them.
            return new Transformed(image, new Delivery(blob, format.mediaType(), sha256, image.createdAt()), negotiated,
                    Optional.of(file));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private Path render(ImageRecord image, Variant variant) throws Exception {
        long started = System.nanoTime();
        List<RenderedFile> out = gate.run(() -> renderer.renderFiles(image, List.of(variant)));
        telemetry.rendered("transform", Duration.ofNanos(System.nanoTime() - started));
        return out.getFirst().file();
    }

    /**
     * A watermark is a live image of the transformed image's owner, and a public one unless the site
     * signed the URL: an unsigned URL is anyone's to write, and drawn at full size a private image would
     * come out whole. The rule holds for every viewer alike, so a result kept for one may go to the next.
     * A mark refused is refused exactly as one that does not exist.
     */
    private void checkWatermarks(ImageRecord image, Recipe recipe) {
        for (Op op : recipe.ops()) {
            if (op instanceof Watermark w) {
                if (w.imageId().isEmpty() && settings.logo().isEmpty()) {
                    throw new InvalidInputException("wm", "no logo is configured (pixflow.engine.logo)");
                }
                if (w.imageId().isPresent() && records.find(w.imageId().get())
                        .filter(mark -> mark.owner().equals(image.owner()) && !mark.isExpired(live.clock().instant()))
                        .filter(mark -> signedUrls || mark.visibility() == Visibility.PUBLIC).isEmpty()) {
                    throw new InvalidInputException("wm", "no image " + w.source());
                }
            }
        }
    }

    /**
     * A strong validator without reading the bytes: the key names the image and the recipe, and a
     * rewrite of the key changes its time (nginx makes its ETags from time and size alike).
     */
    static String etagOf(StoredBlob blob) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] d = sha.digest((blob.key() + "\n" + blob.size() + "\n" + blob.lastModified().toEpochMilli())
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
