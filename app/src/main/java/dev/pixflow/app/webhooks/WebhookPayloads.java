package dev.pixflow.app.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.LoggedEvent;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The JSON a receiver gets for an event: {@code {id, type, occurredAt, data: {imageId, owner, variant?,
 * format?, bytes?, width?, height? (not for job.dead), renderMillis?, error?, urls: {image, original | variant}}}}. The image
 * URL is the API record; the delivery URL starts with the public (CDN) base when one is configured, as
 * in API records, and is unsigned: a private image still needs its owner's key or a signed link.
 */
public final class WebhookPayloads {
    private final ObjectMapper json;
    private final Supplier<String> apiBase;
    private final Optional<String> deliveryBase;

    public WebhookPayloads(ObjectMapper json, Supplier<String> apiBase, Optional<String> deliveryBase) {
        this.json = json;
        this.apiBase = apiBase;
        this.deliveryBase = deliveryBase.map(String::strip).filter(s -> !s.isEmpty()).map(WebhookPayloads::trimSlash);
    }

    public byte[] body(LoggedEvent logged) {
        ImageEvent e = logged.event();
        ObjectNode root = json.createObjectNode();
        root.put("id", e.id().toString());
        root.put("type", e.type().wireName());
        root.put("occurredAt", e.occurredAt().toString());
        ObjectNode data = root.putObject("data");
        data.put("imageId", e.imageId().value());
        data.put("owner", e.owner());
        e.variant().ifPresent(v -> data.put("variant", v));
        e.format().map(ImageFormat::id).ifPresent(f -> data.put("format", f));
        if (e.hasSize()) {
            data.put("bytes", e.bytes());
            data.put("width", e.width());
            data.put("height", e.height());
        }
        e.renderTime().ifPresent(t -> data.put("renderMillis", t.toNanos() / 1_000_000.0));
        e.error().ifPresent(err -> data.put("error", err));
        String api = trimSlash(apiBase.get());
        ObjectNode urls = data.putObject("urls");
        urls.put("image", api + "/v1/images/" + e.imageId().value());
        String delivery = deliveryBase.orElse(api) + "/i/" + e.imageId().value() + "/";
        if (e.type() == EventType.IMAGE_STORED) {
            urls.put("original", delivery + "original");
        } else if (e.type() == EventType.RENDITION_READY || e.type() == EventType.JOB_DEAD || e.type() == EventType.RENDITION_DELETED) {
            e.variant().ifPresent(v -> urls.put("variant", delivery + v));
        }
        try {
            return json.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e1) {
            throw new IllegalStateException("a tree of plain values always serialises", e1);
        }
    }

    /** What {@code POST /v1/admin/webhooks/{id}/test} sends: no image, a type receivers can ignore. */
    public byte[] test(java.util.UUID id, java.time.Instant at) {
        ObjectNode root = json.createObjectNode();
        root.put("id", id.toString());
        root.put("type", "webhook.test");
        root.put("occurredAt", at.toString());
        root.putObject("data");
        try {
            return json.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
