package dev.pixflow.core.usecase;

import dev.pixflow.core.delivery.Caching;
import dev.pixflow.core.delivery.PersonalMetadata;
import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.RenditionRequest;
import dev.pixflow.core.domain.Viewer;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.BlobStore.StoredBlob;
import dev.pixflow.core.recipe.Variant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds the bytes for {@code /i/{id}/{variant}}. A valid variant that the worker has not made yet is
 * rendered now, through the render gate, rather than answered with a 404. A private image is served
 * only to a viewer who may see it; to anyone else it does not exist (404), like another owner's image
 * in the API.
 *
 * <p>The original goes to its owner as uploaded. Anyone else gets a copy without its personal metadata
 * (GPS and the like, {@link PersonalMetadata}), made once, on the first such request, and stored among
 * the image's renditions, so later requests are a read like any rendition's and deleting the image
 * deletes it. A format that cannot be cleaned, or a file whose structure cannot be walked, is shown to
 * its owner only.
 */
public final class DeliverImage {
    public static final String ORIGINAL = "original";
    /** Names the cleaned copies in their keys; a change to what is removed changes it, so old copies are not served. */
    static final String SHARED_COPY = "shared2";

    private final BlobStore blobs;
    private final VariantCatalogue catalogue;
    private final RenderVariants renderer;
    private final RenderGate gate;
    private final LiveImages live;
    private final java.time.Clock clock;
    private final Optional<PersonalMetadata> personal;
    private final SingleFlight<BlobKey, Delivery> cleanings = new SingleFlight<>();
    private final SingleFlight<String, Rendition> renders = new SingleFlight<>();

    /**
     * What a lookup found: the record that decides who may see the image, and the bytes to send.
     *
     * @param ownersOwnCopy the bytes are the original as its owner uploaded it, which others do not get
     * @param perCaller     the owner and others get different bytes at this URL
     */
    public record Found(ImageRecord image, Delivery delivery, boolean ownersOwnCopy, boolean perCaller) {

        /** A transformation result, or any answer that is the same for every viewer who may see it. */
        public static Found sameForAll(ImageRecord image, Delivery delivery) {
            return new Found(image, delivery, false, false);
        }

        /** Who may keep the answer, for how long, given who asked and the expiry the URL carries. */
        public Caching caching(Viewer viewer, OptionalLong linkExpires) {
            return Caching.of(image, viewer, linkExpires, ownersOwnCopy, perCaller);
        }
    }

    /**
     * @param live     its clock decides when an image has expired (410 from then on)
     * @param personal what to remove from originals shown to anyone but their owner; empty: nothing,
     *                 every viewer gets the original as uploaded
     */
    public DeliverImage(LiveImages live, BlobStore blobs, VariantCatalogue catalogue, RenderVariants renderer,
                        RenderGate gate, Optional<PersonalMetadata> personal) {
        this.live = live;
        this.clock = live.clock();
        this.blobs = blobs;
        this.catalogue = catalogue;
        this.renderer = renderer;
        this.gate = gate;
        this.personal = personal;
    }

    public Delivery deliver(ImageId id, String variant, Viewer viewer) throws Exception {
        return find(id, variant, viewer).delivery();
    }

    /** Looks the image and its bytes up in the stores; 404 or 410 when this viewer gets nothing. */
    public Found find(ImageId id, String variant, Viewer viewer) throws Exception {
        ImageRecord image = live.require(id, viewer);
        if (ORIGINAL.equals(variant)) {
            boolean perCaller = personal.isPresent();
            boolean owner = !viewer.signedUrl() && viewer.caller().map(c -> c.owns(image)).orElse(false);
            if (!perCaller || owner) {
                return new Found(image, original(image), perCaller, perCaller);
            }
            return new Found(image, shared(image), false, true);
        }
        return new Found(image, bytesOf(image, variant), false, false);
    }

    /**
     * What a lookup of {@code variant} for {@code viewer} may be kept under: viewers that get the same
     * bytes share a name. Only an original differs by caller (its owner gets it as uploaded).
     */
    public String keptAs(String variant, Viewer viewer) {
        if (personal.isEmpty() || !ORIGINAL.equals(variant) || viewer.signedUrl() || viewer.caller().isEmpty()) {
            return variant;
        }
        return variant + "\n" + viewer.caller().get().owner();
    }

    /**
     * Whether something found earlier still answers this viewer now: it may see the image and the image
     * has not expired. When not, ask {@link #find} again, which tells 404 from 410.
     */
    public boolean stillServes(Found found, Viewer viewer) {
        return stillShows(found.image(), viewer);
    }

    /** Whether a kept record still shows its image to this viewer: it may see it, and it has not expired. */
    public boolean stillShows(ImageRecord image, Viewer viewer) {
        return viewer.maySee(image) && !image.isExpired(clock.instant());
    }

    private Delivery original(ImageRecord image) throws IOException {
        StoredBlob blob = blobs.find(image.originalKey())
                .orElseThrow(() -> new NotFoundException("the original of " + image.id() + " is gone"));
        return new Delivery(blob, image.format().mediaType(), image.sha256(), image.createdAt());
    }

    /** The original without its personal metadata: stored once, or the original when it holds none. */
    private Delivery shared(ImageRecord image) throws Exception {
        BlobKey key = BlobKey.rendition(image.id(), ORIGINAL, SHARED_COPY, image.format());
        Optional<StoredBlob> stored = blobs.find(key);
        if (stored.isPresent()) {
            return sharedCopy(image, stored.get());
        }
        if (blobs.find(ownerOnlyMark(image)).isPresent()) {
            throw ownerOnly(image);
        }
        // Looked up again inside: a cleaning of the same original may have ended between the two.
        return cleanings.run(key, () -> {
            Optional<StoredBlob> again = blobs.find(key);
            return again.isPresent() ? sharedCopy(image, again.get()) : clean(image, key);
        });
    }

    private Delivery clean(ImageRecord image, BlobKey key) throws IOException {
        if (!personal.orElseThrow().edits(image.format())) {
            throw ownerOnly(image);
        }
        Path target = Files.createTempFile(blobs.spoolDirectory(), "shared-", "." + image.format().extension());
        try {
            PersonalMetadata.Outcome outcome;
            try (BlobStore.LocalCopy source = blobs.localCopy(image.originalKey())) {
                outcome = personal.orElseThrow().remove(image.format(), source.path(), target);
            }
            switch (outcome) {
                case NONE_FOUND -> {
                    // The original is its own shared copy: kept under the copy's key all the same (a hard
                    // link, a copy inside the store), so the next request finds it there instead of reading
                    // the original through again (from S3: downloading it) to find nothing.
                    Optional<StoredBlob> original = blobs.find(image.originalKey());
                    if (original.isEmpty() || !blobs.copyIfUnchanged(original.get(), key)) {
                        return original(image);
                    }
                }
                case UNSUPPORTED -> {
                    // Marked, so that the next request from another is refused without reading the original
                    // through again (from S3: downloading it); an empty object that goes with the renditions.
                    Path mark = Files.createTempFile(blobs.spoolDirectory(), "owner-only-", ".mark");
                    try {
                        blobs.put(ownerOnlyMark(image), mark);
                    } finally {
                        Files.deleteIfExists(mark);
                    }
                    throw ownerOnly(image);
                }
                case REMOVED -> {
                    blobs.put(key, target);
                }
            }
        } finally {
            Files.deleteIfExists(target);
        }
        try {
            live.require(image.id(), any -> true, any -> true);
        } catch (RuntimeException deletedMeanwhile) {
            // Deleted (or expired) while we cleaned: leave no orphan under its prefix.
            blobs.delete(key);
            throw deletedMeanwhile;
        }
        StoredBlob blob = blobs.find(key).orElseThrow(() -> new UncheckedIOException(
                new IOException("the cleaned original " + key + " vanished after storing")));
        return sharedCopy(image, blob);
    }

    /** Says that the original, walked under the rules of {@link #SHARED_COPY}, is its owner's only. */
    private static BlobKey ownerOnlyMark(ImageRecord image) {
        return BlobKey.rendition(image.id(), ORIGINAL, SHARED_COPY + "-owner-only", image.format());
    }

    private static NotFoundException ownerOnly(ImageRecord image) {
        return new NotFoundException("the original of " + image.id() + " is shown to its owner only: its "
                + image.format().id() + " metadata cannot be cleaned; its renditions are shown to anyone");
    }

    private static Delivery sharedCopy(ImageRecord image, StoredBlob blob) {
        return new Delivery(blob, image.format().mediaType(), TransformImage.etagOf(blob), blob.lastModified());
    }

    /** The names this image is delivered under: its original, the configured variants, the renditions asked for. */
    private List<String> known(ImageRecord image) {
        List<String> names = new ArrayList<>(List.of("original"));
        names.addAll(catalogue.names());
        image.requested().forEach(r -> names.add(r.name()));
        return names;
    }

    private Delivery bytesOf(ImageRecord image, String variant) throws Exception {
        ImageId id = image.id();
        // A configured variant, or a rendition asked for through the API: both render on demand.
        Variant spec = catalogue.find(variant)
                .or(() -> image.request(variant).map(RenditionRequest::variant))
                .orElseThrow(() -> new NotFoundException("no variant '" + variant + "'; known: " + String.join(", ", known(image))));
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

    /**
     * Renders a rendition not made yet, once however many requests ask for it at the same moment (a page
     * of thumbnails opened as the upload lands): each render would cost a decode, and be recorded.
     */
    private Rendition renderNow(ImageRecord image, Variant variant) throws Exception {
        return renders.run(image.id() + "/" + variant.name() + "-" + variant.recipeHash(), () -> {
            Map<String, Rendition> made = gate.run(() -> renderer.renderVariants(image, List.of(variant)));
            return made.get(variant.name());
        });
    }

    /** Requests now waiting for a render of the same rendition in progress. */
    public int waitingForSameRender() {
        return renders.waiting();
    }

    /** Reads the blob for a ranged or whole response; the caller closes it. */
    public java.io.InputStream open(Delivery delivery, long offset) throws IOException {
        return blobs.open(delivery.blob().key(), offset);
    }
}
