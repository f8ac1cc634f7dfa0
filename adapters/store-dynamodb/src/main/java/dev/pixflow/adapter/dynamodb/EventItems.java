package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.media.ImageId;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static dev.pixflow.adapter.dynamodb.Attrs.*;

/** An event's facts as attributes: of an item of the log, and of an event an image item holds until it is appended. */
final class EventItems {
    static final String SEQUENCE = "seq";
    static final String ID = "eid";

    private EventItems() {
    }

    static Map<String, AttributeValue> attributes(ImageEvent e) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(ID, s(e.id().toString()));
        m.put("type", s(e.type().wireName()));
        m.put("occurred", millis(e.occurredAt()));
        m.put("image", s(e.imageId().value()));
        putIf(m, "owner", e.owner());
        e.variant().ifPresent(v -> m.put("variant", s(v)));
        e.format().ifPresent(f -> m.put("format", s(f.id())));
        m.put("bytes", n(e.bytes()));
        m.put("width", n(e.width()));
        m.put("height", n(e.height()));
        e.renderTime().ifPresent(d -> m.put("micros", n(d.toNanos() / 1000)));
        e.error().ifPresent(v -> m.put("error", s(v)));
        return m;
    }

    static ImageEvent event(Map<String, AttributeValue> m) {
        return new ImageEvent(UUID.fromString(str(m, ID)), EventType.fromWireName(str(m, "type")), instant(m, "occurred"),
                new ImageId(str(m, "image")), str(m, "owner"), optStr(m, "variant"),
                optStr(m, "format").map(ImageItems::format), num(m, "bytes"), (int) num(m, "width"),
                (int) num(m, "height"), optNum(m, "micros").map(us -> Duration.ofNanos(us * 1000)), optStr(m, "error"));
    }

    static LoggedEvent logged(Map<String, AttributeValue> item) {
        return new LoggedEvent(num(item, SEQUENCE), event(item));
    }
}
