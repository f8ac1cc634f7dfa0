package dev.pixflow.app.web;

import dev.pixflow.app.delivery.DeliveryResponses;
import dev.pixflow.app.delivery.PreconditionFailedException;
import dev.pixflow.app.delivery.Preconditions;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.usecase.ImageCatalog;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

import java.time.Clock;
import java.util.Optional;

/**
 * An image record's version as the API tells it ({@code ETag}), and the conditions a change of the
 * record ({@code PATCH}, {@code DELETE}, its renditions asked for or removed) is made under.
 */
final class RecordConditions {
    private RecordConditions() {
    }

    /** The record's last change, and whose view (the owner's shows more). */
    static String etag(ImageRecord record, Caller caller) {
        return "\"" + Long.toString(record.updatedAt().toEpochMilli(), 36) + (caller.owns(record) ? "" : "-v") + "\"";
    }

    /**
     * An answer carrying the record it shows with that record's version ({@code ETag}, {@code Last-Modified}):
     * the version of what the answer shows, which the worker's next status changes.
     */
    static ResponseEntity.BodyBuilder versioned(ResponseEntity.BodyBuilder answer, ImageRecord record, Caller caller) {
        return answer.headers(version(record, caller));
    }

    /** The record's version as headers: {@code ETag} (as {@link #etag}) and {@code Last-Modified}. */
    static HttpHeaders version(ImageRecord record, Caller caller) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.ETAG, etag(record, caller));
        headers.set(HttpHeaders.LAST_MODIFIED, DeliveryResponses.httpDate(record.updatedAt()));
        return headers;
    }

    /**
     * A change's condition, from its {@code If-Match}, {@code If-Unmodified-Since} and {@code If-None-Match},
     * weighed on the record as the change reads it: 412 when they do not hold; the change is then written
     * on that version when an {@code If-Match} names tags or an {@code If-Unmodified-Since} is given (where
     * the change's store write can say so).
     */
    static ImageCatalog.Condition of(Caller caller, HttpServletRequest request, Clock clock) {
        String ifMatch = request.getHeader(HttpHeaders.IF_MATCH);
        boolean unmodifiedSince = request.getHeader(HttpHeaders.IF_UNMODIFIED_SINCE) != null;
        if (ifMatch == null && !unmodifiedSince && request.getHeader(HttpHeaders.IF_NONE_MATCH) == null) {
            return ImageCatalog.Condition.NONE;
        }
        boolean onVersion = ifMatch != null ? !ifMatch.strip().equals("*") : unmodifiedSince;
        return current -> {
            String etag = etag(current, caller);
            // A matching If-None-Match on a change is a failed precondition too (RFC 9110, 13.1.2).
            if (Preconditions.evaluate(request, etag, current.updatedAt(), clock.instant()) != Preconditions.Outcome.PROCEED) {
                throw new PreconditionFailedException("the image's version is " + etag + ", last modified "
                        + DeliveryResponses.httpDate(current.updatedAt()) + "; read it again");
            }
            return onVersion ? Optional.of(current.updatedAt()) : Optional.empty();
        };
    }
}
