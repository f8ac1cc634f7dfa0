package dev.pixflow.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.VariantStatus;
import dev.pixflow.core.usecase.DeliverImage;
import dev.pixflow.core.usecase.VariantCatalogue;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The image record as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageJson(String id, String status, String filename, String contentType, String format, long bytes,
                        int width, int height, String sha256, Instant createdAt, Instant updatedAt, String title,
                        String description, List<String> tags, String url, Map<String, VariantJson> variants) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VariantJson(String url, String status, String contentType, Integer width, Integer height, Long bytes) {
    }

    /** Every configured variant is listed: those not made yet as pending, with a URL that renders on demand. */
    static ImageJson of(ImageRecord r, VariantCatalogue catalogue) {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().path("/i/" + r.id() + "/").toUriString();
        Map<String, VariantJson> variants = new LinkedHashMap<>();
        for (String name : catalogue.names()) {
            Rendition made = r.renditions().get(name);
            variants.put(name, made == null
                    ? new VariantJson(base + name, pendingStatus(r), null, null, null, null)
                    : new VariantJson(base + name, VariantStatus.READY.id(), made.format().mediaType(),
                    made.width(), made.height(), made.bytes()));
        }
        return new ImageJson(r.id().value(), r.status().id(), r.filename(), r.format().mediaType(), r.format().id(),
                r.bytes(), r.width(), r.height(), r.sha256(), r.createdAt(), r.updatedAt(), r.metadata().title(),
                r.metadata().description(), r.tags(), base + DeliverImage.ORIGINAL, variants);
    }

    private static String pendingStatus(ImageRecord r) {
        return switch (r.status()) {
            case FAILED -> VariantStatus.FAILED.id();
            default -> VariantStatus.PENDING.id();
        };
    }
}
