package dev.pixflow.core.domain;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the previous page ended. Ids are UUIDv7, so (createdAt, id) is a total order that new uploads
 * only ever extend at the top: paging down by it never repeats or skips an image.
 */
public record PageCursor(long createdAtMillis, ImageId id) {

    public String encode() {
        String raw = createdAtMillis + "." + id.value();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static PageCursor decode(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int dot = raw.indexOf('.');
            return new PageCursor(Long.parseLong(raw.substring(0, dot)), new ImageId(raw.substring(dot + 1)));
        } catch (RuntimeException e) {
            throw new InvalidInputException("cursor", "not a cursor this server issued");
        }
    }
}
