package dev.pixflow.core.usecase;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.RenditionRequest;
import dev.pixflow.core.domain.Viewer;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.core.port.BlobStore;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Finds the bytes for {@code /i/{id}/{variant}}. A valid variant that the worker has not made yet is
 * rendered now, through the render gate, rather than answered with a 404. A private image is served
 * only to a viewer who may see it; to anyone else it does not exist (404), like another owner's image
 * in the API.
 */
public final class DeliverImage {
    public static final String ORIGINAL = "original";

    private final BlobStore blobs;
    private final VariantCatalogue catalogue;
    private final RenderVariants renderer;
    private final RenderGate gate;
    private final LiveImages live;
    private final java.time.Clock clock;

    /** What a lookup found: the record that decides who may see the image, and the bytes to send. */
    public record Found(ImageRecord image, Delivery delivery) {
    }

    /** {@code live}'s clock decides when an image has expired (410 from then on). */
    public DeliverImage(LiveImages live, BlobStore blobs, VariantCatalogue catalogue, RenderVariants renderer,
                        RenderGate gate) {
        this.live = live;
        this.clock = live.clock();
        this.blobs = blobs;
        this.catalogue = catalogue;
        this.renderer = renderer;
        this.gate = gate;
    }

    public Delivery deliver(ImageId id, String variant, Viewer viewer) throws Exception {
        return find(id, variant, viewer).delivery();
    }

    /** Looks the image and its bytes up in the stores; 404 or 410 when this viewer gets nothing. */
    public Found find(ImageId id, String variant, Viewer viewer) throws Exception {
        ImageRecord image = live.require(id, viewer);
        return new Found(image, bytesOf(image, variant));
    }

    /**
     * Whether something found earlier still answers this viewer now: it may see the image and the image
     * has not expired. When not, ask {@link #find} again, which tells 404 from 410.
     */
    public boolean stillServes(Found found, Viewer viewer) {
        return viewer.maySee(found.image()) && !found.image().isExpired(clock.instant());
    }

    private Delivery bytesOf(ImageRecord image, String variant) throws Exception {
        ImageId id = image.id();
        if (ORIGINAL.equals(variant)) {
            BlobStore.StoredBlob blob = blobs.find(image.originalKey())
                    .orElseThrow(() -> new NotFoundException("the original of " + id + " is gone"));
            return new Delivery(blob, image.format().mediaType(), image.sha256(), image.createdAt());
        }
        // A configured variant, or a rendition asked for through the API: both render on demand.
        Variant spec = catalogue.find(variant)
                .or(() -> image.request(variant).map(RenditionRequest::variant))
                .orElseThrow(() -> new NotFoundException("no variant '" + variant + "'; known: original, "
                        + String.join(", ", catalogue.names())));
        Rendition rendition = renderer.missingVariants(image, List.of(spec)).isEmpty()
                ? image.renditions().get(variant)
                : renderNow(image, spec);
        BlobStore.StoredBlob blob = blobs.find(rendition.key()).orElse(null);
        if (blob == null) {
            // The record says it exists but the bytes are gone (lost disk, manual clean-up): make it again.
            rendition = renderNow(image, spec);
            blob = blobs.find(rendition.key()).orElseThrow(() -> new NotFoundException("rendition of " + id + " vanished"));
        }
        return new Delivery(blob, rendition.format().mediaType(), rendition.sha256(), rendition.createdAt());
    }

    private Rendition renderNow(ImageRecord image, Variant variant) throws Exception {
        Map<String, Rendition> made = gate.run(() -> renderer.renderVariants(image, List.of(variant)));
        return made.get(variant.name());
    }

    /** Reads the blob for a ranged or whole response; the caller closes it. */
    public java.io.InputStream open(Delivery delivery, long offset) throws IOException {
        return blobs.open(delivery.blob().key(), offset);
    }
}
