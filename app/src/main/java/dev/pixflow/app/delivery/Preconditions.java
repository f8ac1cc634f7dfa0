package dev.pixflow.app.delivery;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 9110's preconditions on a delivered answer (GET or HEAD), or on an image record read or changed
 * through the API, in the order of its section 13.2.2:
 * If-Match, else If-Unmodified-Since; then If-None-Match, else If-Modified-Since; and If-Range for a
 * Range. Spring's own check passes over If-Match on a GET and over {@code If-None-Match: *}, and takes
 * an If-Modified-Since in the future at its word; a CDN revalidating through either would be told
 * otherwise than the RFC says.
 */
public final class Preconditions {
    /** What the preconditions let the request do. */
    public enum Outcome { PROCEED, NOT_MODIFIED, FAILED }

    /** An entity tag in a list, or the list's {@code *}. */
    private static final Pattern TAG = Pattern.compile("\\*|(W/)?\"[^\"]*\"");

    /**
     * RFC 850's two-digit year is the one within 50 years of now, as the RFC asks: "more than 50 years in
     * the future" is the century before.
     */
    private static final List<DateTimeFormatter> DATE_FORMS = List.of(DateTimeFormatter.RFC_1123_DATE_TIME,
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDate.now(ZoneOffset.UTC).minusYears(49))
                    .appendPattern(" HH:mm:ss 'GMT'").toFormatter(Locale.US).withZone(ZoneOffset.UTC),
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("EEE MMM ppd HH:mm:ss yyyy")
                    .toFormatter(Locale.US).withZone(ZoneOffset.UTC));

    private Preconditions() {
    }

    /**
     * @param etag         the answer's (strong) entity tag, quoted
     * @param lastModified when its bytes last changed; compared to the second, as HTTP dates go
     * @param now          a date later than this is no valid If-Modified-Since
     */
    public static Outcome evaluate(HttpServletRequest request, String etag, Instant lastModified, Instant now) {
        Instant modified = lastModified.truncatedTo(ChronoUnit.SECONDS);
        // Each branch is taken on the field's presence: one that holds no valid tag is there, and matches nothing.
        if (request.getHeader(HttpHeaders.IF_MATCH) != null) {
            if (!matches(tags(request, HttpHeaders.IF_MATCH), etag, true)) {
                return Outcome.FAILED;
            }
        } else {
            Optional<Instant> unmodifiedSince = date(request, HttpHeaders.IF_UNMODIFIED_SINCE);
            if (unmodifiedSince.isPresent() && modified.isAfter(unmodifiedSince.get())) {
                return Outcome.FAILED;
            }
        }
        if (request.getHeader(HttpHeaders.IF_NONE_MATCH) != null) {
            return matches(tags(request, HttpHeaders.IF_NONE_MATCH), etag, false) ? Outcome.NOT_MODIFIED : Outcome.PROCEED;
        }
        // Only a read is made conditional on a date of change (RFC 9110, 13.1.3).
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            return Outcome.PROCEED;
        }
        // Later than now is no valid date; the bytes' own time counts as now where the clocks disagree.
        Instant latest = now.isAfter(modified) ? now : modified;
        Optional<Instant> modifiedSince = date(request, HttpHeaders.IF_MODIFIED_SINCE).filter(since -> !since.isAfter(latest));
        return modifiedSince.isPresent() && !modified.isAfter(modifiedSince.get()) ? Outcome.NOT_MODIFIED : Outcome.PROCEED;
    }

    /**
     * If-Range: the Range holds only while the validator still names these bytes (a strong ETag, or the
     * exact Last-Modified); otherwise the whole answer goes, as without a Range.
     */
    static boolean rangeStillApplies(String ifRange, String etag, Instant lastModified) {
        if (ifRange == null) {
            return true;
        }
        String validator = ifRange.strip();
        if (validator.startsWith("\"") || validator.startsWith("W/")) {
            return validator.equals(etag);
        }
        return parse(validator).map(lastModified.truncatedTo(ChronoUnit.SECONDS)::equals).orElse(false);
    }

    /** {@code *} matches any answer; If-Match compares strongly (a weak tag matches nothing), If-None-Match weakly. */
    private static boolean matches(List<String> tags, String etag, boolean strong) {
        for (String tag : tags) {
            if (tag.equals("*")) {
                return true;
            }
            boolean weak = tag.startsWith("W/");
            if (strong ? !weak && tag.equals(etag) : (weak ? tag.substring(2) : tag).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** The tags of every field of that name. */
    private static List<String> tags(HttpServletRequest request, String name) {
        List<String> tags = new ArrayList<>();
        for (String field : Collections.list(request.getHeaders(name))) {
            Matcher m = TAG.matcher(field);
            while (m.find()) {
                tags.add(m.group());
            }
        }
        return tags;
    }

    /** A field that is not one valid HTTP date is ignored, as the RFC asks. */
    private static Optional<Instant> date(HttpServletRequest request, String name) {
        if (request.getHeader(name) == null) {
            return Optional.empty();
        }
        List<String> fields = Collections.list(request.getHeaders(name));
        return fields.size() == 1 ? parse(fields.getFirst().strip()) : Optional.empty();
    }

    /**
     * An HTTP date in any of the three forms a recipient must take (RFC 9110, 5.6.7): IMF-fixdate, the
     * obsolete RFC 850 form, and C's asctime.
     */
    static Optional<Instant> parse(String date) {
        for (DateTimeFormatter form : DATE_FORMS) {
            try {
                return Optional.of(ZonedDateTime.parse(date, form).toInstant());
            } catch (DateTimeParseException e) {
                // Try the next form.
            }
        }
        return Optional.empty();
    }
}
