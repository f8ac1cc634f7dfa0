package dev.pixflow.app.web;

import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.ImageFilter;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageSort;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.Orientation;
import dev.pixflow.core.domain.PageCursor;
import dev.pixflow.core.domain.SearchTerms;
import org.springframework.util.MultiValueMap;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v1/images}'s parameters: {@code q} (full text), {@code tag} (repeatable, all must be
 * on the image), {@code owner} (the caller's own by default; another owner's for an admin),
 * {@code from}/{@code to} (upload time), {@code takenFrom}/{@code takenTo} (EXIF time),
 * {@code format}, {@code minWidth}, {@code minHeight}, {@code orientation}, {@code hasGps},
 * {@code status}, {@code sort} (newest, oldest, relevance), {@code limit}, {@code cursor}. Times are
 * ISO-8601 instants or dates; a date as {@code to} includes that whole day. An unknown parameter is
 * refused rather than ignored, so a misspelt filter does not silently list everything.
 */
final class SearchParameters {
    private static final Set<String> KNOWN = Set.of("q", "tag", "owner", "from", "to", "takenFrom", "takenTo", "format",
            "minWidth", "minHeight", "orientation", "hasGps", "status", "sort", "limit", "cursor");
    static final int DEFAULT_LIMIT = 20;

    private SearchParameters() {
    }

    static ImageQuery query(Caller caller, MultiValueMap<String, String> params) {
        KnownQueryParameters.requireKnown(params.keySet(), KNOWN, "a listing");
        List<String> tags = new ArrayList<>();
        for (String t : params.getOrDefault("tag", List.of())) {
            // An empty filter (a client's unset variable) must not list everything.
            if (t.replace(",", "").isBlank()) {
                throw new InvalidInputException("tag", "holds no tag; leave it out to list every image");
            }
            for (String part : t.split(",")) {
                if (!part.isBlank()) {
                    try {
                        tags.add(ImageMetadata.normaliseTag(part));
                    } catch (InvalidInputException e) {
                        throw new InvalidInputException("tag", e.reason());
                    }
                }
            }
        }
        Instant from = range(params, "from", "to", false);
        Instant to = range(params, "from", "to", true);
        Instant takenFrom = range(params, "takenFrom", "takenTo", false);
        Instant takenTo = range(params, "takenFrom", "takenTo", true);
        ImageFilter filter = ImageFilter.builder()
                .tags(tags)
                .createdFrom(from)
                .createdTo(to)
                .takenFrom(takenFrom)
                .takenTo(takenTo)
                .format(one(params, "format").map(SearchParameters::format).orElse(null))
                .minWidth(one(params, "minWidth").map(v -> integer(v, "minWidth")).orElse(null))
                .minHeight(one(params, "minHeight").map(v -> integer(v, "minHeight")).orElse(null))
                .orientation(one(params, "orientation").map(Orientation::parse).orElse(null))
                .hasGps(one(params, "hasGps").map(v -> flag(v, "hasGps")).orElse(null))
                .status(one(params, "status").map(SearchParameters::status).orElse(null))
                .build();
        Optional<SearchTerms> text = SearchTerms.parse(one(params, "q").orElse(null));
        // Given, it must hold a word: a blank one (an empty search box) must not list everything unsaid.
        if (params.containsKey("q") && text.isEmpty()) {
            throw new InvalidInputException("q", "holds no word to search for");
        }
        ImageSort sort = one(params, "sort").map(ImageSort::parse).orElse(null);
        int limit = one(params, "limit").map(v -> integer(v, "limit")).orElse(DEFAULT_LIMIT);
        String owner = one(params, "owner").orElse(caller.owner());
        return new ImageQuery(owner, filter, text, sort, limit, one(params, "cursor").map(PageCursor::decode));
    }

    /**
     * One end of a time range; a range that ends before it starts is refused rather than answered with
     * nothing (the end is exclusive, so a range as long as nothing is allowed).
     */
    private static Instant range(MultiValueMap<String, String> params, String fromName, String toName, boolean end) {
        Optional<Instant> from = instant(one(params, fromName).orElse(null), fromName, false);
        Optional<Instant> to = instant(one(params, toName).orElse(null), toName, true);
        if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
            throw new InvalidInputException(toName, "is before " + fromName);
        }
        return (end ? to : from).orElse(null);
    }

    /**
     * The parameter's one value; a blank one is absent (a form's empty field), but given twice it is
     * refused whatever the values, so that no second value is silently dropped.
     */
    private static Optional<String> one(MultiValueMap<String, String> params, String name) {
        List<String> values = params.get(name);
        if (values != null) {
            KnownQueryParameters.requireOnce(name, values.size());
        }
        if (values == null || values.isEmpty() || values.getFirst() == null || values.getFirst().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(values.getFirst().strip());
    }

    /** An ISO-8601 instant, or a date: its first moment, or (as the end of a range) the first of the next day. */
    static Optional<Instant> instant(String text, String field, boolean endOfRange) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(RequestInstants.within(Instant.parse(text.strip()), field));
        } catch (DateTimeParseException notAnInstant) {
            try {
                LocalDate day = LocalDate.parse(text.strip());
                Instant start = RequestInstants.within(day.atStartOfDay(ZoneOffset.UTC).toInstant(), field);
                return Optional.of(endOfRange ? day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant() : start);
            } catch (DateTimeParseException notADate) {
                throw new InvalidInputException(field, "must be an ISO-8601 instant (2026-05-01T12:00:00Z) or date (2026-05-01)");
            }
        }
    }

    static boolean flag(String text, String field) {
        if (text == null || text.isBlank()) {
            return false;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new InvalidInputException(field, "must be true or false");
        };
    }

    private static int integer(String text, String field) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "must be a whole number");
        }
    }

    private static ImageFormat format(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        for (ImageFormat f : ImageFormat.values()) {
            if (f.id().equals(t) || f.extension().equals(t)) {
                return f;
            }
        }
        return ImageFormat.fromMediaType(t).orElseThrow(() ->
                new InvalidInputException("format", "must be jpeg, png, webp, gif, tiff, avif or heic"));
    }

    private static ImageStatus status(String text) {
        for (ImageStatus s : ImageStatus.values()) {
            if (s.id().equals(text.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new InvalidInputException("status", "must be processing, ready or failed");
    }
}
