package dev.pixflow.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pixflow.app.delivery.DeliveryUrls;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.Exif;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.RenditionRequest;
import dev.pixflow.core.domain.VariantStatus;
import dev.pixflow.core.usecase.DeliverImage;
import dev.pixflow.core.usecase.VariantCatalogue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image record as the API shows it. {@code exif} is what the camera wrote, its position only to
 * the image's owner; {@code duplicate} is set on an upload answered with the owner's existing image.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageJson(String id, String status, String filename, String contentType, String format, long bytes,
                        int width, int height, String sha256, Instant createdAt, Instant updatedAt, String title,
                        String description, String altText, List<String> tags, String visibility, String owner,
                        Instant expiresAt, ExifJson exif, String url, Map<String, VariantJson> variants,
                        Boolean duplicate) {

    /** The camera's fields; absent ones are left out, and so is the whole object when there are none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExifJson(String make, String model, String lens, Instant takenAt, String exposureTime, Double fNumber,
                           Integer iso, Double focalLength, GpsJson gps) {
        static ExifJson of(Exif e, boolean withGps) {
            if (e.isEmpty() || (!withGps && e.withoutGps().isEmpty())) {
                return null;
            }
            return new ExifJson(e.cameraMake(), e.cameraModel(), e.lens(), e.takenAt(), e.exposureTime(), e.fNumber(),
                    e.iso(), e.focalLength(), withGps && e.gps() != null ? new GpsJson(e.gps().latitude(), e.gps().longitude()) : null);
        }
    }

    public record GpsJson(double latitude, double longitude) {
    }

    /**
     * One variant or asked-for rendition. {@code recipe} is given for asked-for renditions;
     * {@code frames} counts the frames of an animated one; {@code firstFrameOnly} says an animated
     * source was cut to its first frame; {@code error} says why a rendition failed.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VariantJson(String url, String status, String contentType, Integer width, Integer height, Long bytes,
                              String recipe, Integer frames, Boolean firstFrameOnly, String error) {
        VariantJson(String url, String status, String contentType, Integer width, Integer height, Long bytes) {
            this(url, status, contentType, width, height, bytes, null, null, null, null);
        }
    }

    /**
     * As {@code caller} sees it: where the photo was taken, and signed links to a private image, only
     * when it is the caller's own.
     * Every configured variant is listed: those not made yet as pending, with a URL that renders on
     * demand; then every rendition asked for through the API, pending, ready or failed.
     */
    static ImageJson of(ImageRecord r, VariantCatalogue catalogue, Caller caller) {
        return of(r, catalogue, caller, false);
    }

    static ImageJson of(ImageRecord r, VariantCatalogue catalogue, Caller caller, boolean duplicate) {
        DeliveryUrls urls = DeliveryUrls.current();
        boolean owner = caller.owns(r);
        Map<String, VariantJson> variants = new LinkedHashMap<>();
        for (String name : catalogue.names()) {
            Rendition made = r.renditions().get(name);
            variants.put(name, made == null
                    ? new VariantJson(urls.image(r, name, owner), pendingStatus(r), null, null, null, null)
                    : ready(urls.image(r, name, owner), made, null));
        }
        for (RenditionRequest asked : r.requested()) {
            String url = urls.image(r, asked.name(), owner);
            String recipe = asked.variant().canonical();
            Optional<Rendition> made = r.madeUnder(asked.variant());
            variants.put(asked.name(), made.map(m -> ready(url, m, recipe)).orElseGet(() -> asked.error().isPresent()
                    ? new VariantJson(url, VariantStatus.FAILED.id(), null, null, null, null, recipe, null, null,
                    asked.error().get())
                    : new VariantJson(url, VariantStatus.PENDING.id(), null, null, null, null, recipe, null, null, null)));
        }
        return new ImageJson(r.id().value(), r.status().id(), r.filename(), r.format().mediaType(), r.format().id(),
                r.bytes(), r.width(), r.height(), r.sha256(), r.createdAt(), r.updatedAt(), r.metadata().title(),
                r.metadata().description(), r.metadata().altText(), r.tags(), r.visibility().id(), r.owner(),
                r.expiresAt().orElse(null), ExifJson.of(r.exif(), owner), urls.image(r, DeliverImage.ORIGINAL, owner),
                variants,
                duplicate ? Boolean.TRUE : null);
    }

    private static VariantJson ready(String url, Rendition made, String recipe) {
        return new VariantJson(url, VariantStatus.READY.id(), made.format().mediaType(), made.width(), made.height(),
                made.bytes(), recipe, made.frames() > 1 ? made.frames() : null, made.firstFrameOnly() ? true : null, null);
    }

    private static String pendingStatus(ImageRecord r) {
        return switch (r.status()) {
            case FAILED -> VariantStatus.FAILED.id();
            default -> VariantStatus.PENDING.id();
        };
    }
}
