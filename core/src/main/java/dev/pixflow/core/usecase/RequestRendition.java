package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.TooManyRenditionsException;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.RenditionRecords;
import dev.pixflow.core.port.StorageQuota;
import dev.pixflow.core.port.Telemetry;
import dev.pixflow.core.recipe.Op;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.core.recipe.Watermark;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code POST /v1/images/{id}/renditions}: checks a recipe against the image before any pixel is
 * decoded (limits, watermark images, names), records the request and queues its job. The job carries
 * the recipe; the worker renders it like any variant.
 */
public final class RequestRendition {
    /**
     * The rendition as it is named, and the job that makes it: none when it is already made under this
     * recipe, since asking again for what is there must not render it again (a script that makes sure
     * its renditions exist, a client retrying a request that timed out).
     */
    /** @param image the image's record as the request found it */
    public record Requested(ImageRecord image, Variant variant, OptionalLong jobId) {
        public boolean alreadyMade() {
            return jobId.isEmpty();
        }
    }

    private final LiveImages live;
    private final ImageRecords records;
    private final RenditionRecords renditions;
    private final VariantCatalogue catalogue;
    private final RenditionSettings settings;
    private final Clock clock;
    private final Telemetry telemetry;
    private final StorageQuota quota;
    private final int maxRenditions;

    /**
     * {@code live} says whether the image is there for the caller: another owner's is not, an expired one
     * is gone (410); {@code maxRenditions} is how many asked-for renditions one image may hold.
     */
    public RequestRendition(LiveImages live, ImageRecords records, RenditionRecords renditions, VariantCatalogue catalogue,
                            RenditionSettings settings, Clock clock, Telemetry telemetry, StorageQuota quota,
                            int maxRenditions) {
        if (maxRenditions < 1) {
            throw new IllegalArgumentException("an image may hold at least one asked-for rendition, not " + maxRenditions);
        }
        this.maxRenditions = maxRenditions;
        this.live = live;
        this.records = records;
        this.renditions = renditions;
        this.catalogue = catalogue;
        this.settings = settings;
        this.clock = clock;
        this.telemetry = telemetry;
        this.quota = quota;
    }

    /**
     * @param name   the rendition's name, or empty for one named after its recipe
     * @param accept the client's Accept header, which decides {@code f:auto}
     */
    public Requested request(Caller caller, ImageId id, Optional<String> name, Recipe recipe, Optional<String> accept) {
        return request(caller, id, name, recipe, accept, ImageCatalog.Condition.NONE);
    }

    /**
     * As {@link #request(Caller, ImageId, Optional, Recipe, Optional)}, when {@code condition} holds on the
     * record as read (412 else): a request racing a change made at that moment is not refused.
     */
    public Requested request(Caller caller, ImageId id, Optional<String> name, Recipe recipe, Optional<String> accept,
                             ImageCatalog.Condition condition) {
        ImageRecord image = live.require(id, caller::owns, gone -> caller.owner().equals(gone.owner()));
        condition.versionOf(image);
        Recipe resolved = AutoFormat.resolve(recipe, image, accept, settings.limits());
        Variant variant = name.map(n -> new Variant(n, resolved)).orElseGet(() -> Variant.unnamed(resolved));
        if (catalogue.find(variant.name()).isPresent()) {
            throw new InvalidInputException("name", "'" + variant.name() + "' is a configured variant; choose another name");
        }
        // Made, and still what the name stands for: not failed since, nor another recipe pending under it.
        // Asked for again as it is, it stands, even where a check was tightened since it was made.
        if (image.madeUnder(variant).isPresent() && image.request(variant.name())
                .filter(held -> held.variant().canonical().equals(variant.canonical()) && held.error().isEmpty()).isPresent()) {
            return new Requested(image, variant, OptionalLong.empty());
        }
        settings.limits().checkRequest(resolved, new Size(image.width(), image.height()));
        checkWatermarks(caller, resolved);
        // Counted before the request's own transaction: new names asked for at once may pass it by a few.
        if (image.request(variant.name()).isEmpty()) {
            Set<String> held = renditions.renditionNames(id);
            if (!held.contains(variant.name()) && held.size() >= maxRenditions) {
                throw new TooManyRenditionsException(maxRenditions);
            }
        }
        // Its size is known only once it is made: an owner with room gets it even if it overshoots, once.
        quota.check(image.owner(), 0);
        JobSpec job = new JobSpec(id, List.of(), List.of(variant));
        long jobId = renditions.requestRendition(id, variant, clock.instant(), job)
                .orElseThrow(() -> new NotFoundException("no image " + id));
        telemetry.jobQueued();
        return new Requested(image, variant, OptionalLong.of(jobId));
    }

    /** A watermark is one of the caller's own images: naming another's would copy its pixels out. */
    private void checkWatermarks(Caller caller, Recipe recipe) {
        List<Op> ops = recipe.ops();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof Watermark w) {
                String field = "ops[" + i + "].image";
                if (w.imageId().isEmpty() && settings.logo().isEmpty()) {
                    throw new InvalidInputException(field, "no logo is configured (pixflow.engine.logo)");
                }
                if (w.imageId().isPresent() && records.find(w.imageId().get())
                        .filter(mark -> caller.owns(mark) && !mark.isExpired(clock.instant())).isEmpty()) {
                    throw new InvalidInputException(field, "no image " + w.source());
                }
            }
        }
    }
}
