package dev.pixflow.core.domain;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.media.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the previous page ended, in the order it was read in. Ids are UUIDv7, so (createdAt, id) is a
 * total order that new uploads only ever extend at the top; relevance adds the score in front, and a
 * score depends only on the image and the query ({@link Relevance}). Paging on by the last key seen
 * therefore never repeats or skips an image, whatever arrives meanwhile.
 */
public record PageCursor(ImageSort sort, int score, long createdAtMillis, ImageId id) {

    /** A newest-first cursor, the order listings had before there were others. */
    public PageCursor(long createdAtMillis, ImageId id) {
        this(ImageSort.NEWEST, 0, createdAtMillis, id);
    }

    public static PageCursor after(ImageSort sort, int score, ImageRecord last) {
        return new PageCursor(sort, sort == ImageSort.RELEVANCE ? score : 0, last.createdAt().toEpochMilli(), last.id());
    }

    public String encode() {
        String raw = switch (sort) {
            case NEWEST -> createdAtMillis + "." + id.value();
            case OLDEST -> "o." + createdAtMillis + "." + id.value();
            case RELEVANCE -> "r." + score + "." + createdAtMillis + "." + id.value();
        };
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static PageCursor decode(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\.", -1);
            return switch (parts.length) {
                case 2 -> new PageCursor(Long.parseLong(parts[0]), new ImageId(parts[1]));
                case 3 -> {
                    if (!parts[0].equals("o")) {
                        throw new IllegalArgumentException();
                    }
                    yield new PageCursor(ImageSort.OLDEST, 0, Long.parseLong(parts[1]), new ImageId(parts[2]));
                }
                case 4 -> {
                    if (!parts[0].equals("r")) {
                        throw new IllegalArgumentException();
                    }
                    yield new PageCursor(ImageSort.RELEVANCE, Integer.parseInt(parts[1]), Long.parseLong(parts[2]),
                            new ImageId(parts[3]));
                }
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new InvalidInputException("cursor", "not a cursor this server issued");
        }
    }
}
