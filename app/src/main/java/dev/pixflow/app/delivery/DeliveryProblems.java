package dev.pixflow.app.delivery;

import dev.pixflow.core.domain.AccessDeniedException;
import dev.pixflow.core.domain.LinkExpiredException;
import dev.pixflow.core.domain.StaleRecordException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.net.URI;

/** Delivery's refusals as RFC 9457 problems: a bad signature is 403, an expired URL 410 (it never comes back). */
@RestControllerAdvice
public class DeliveryProblems {

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> badSignature(AccessDeniedException e) {
        return respond(HttpStatus.FORBIDDEN, "bad-signature", "Bad or missing signature", e.getMessage());
    }

    @ExceptionHandler(LinkExpiredException.class)
    ResponseEntity<ProblemDetail> expired(LinkExpiredException e) {
        return respond(HttpStatus.GONE, "link-expired", "Link expired", e.getMessage());
    }

    @ExceptionHandler(RangeNotSatisfiableException.class)
    ResponseEntity<ProblemDetail> rangeNotSatisfiable(RangeNotSatisfiableException e) {
        ResponseEntity<ProblemDetail> answer = respond(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "range-not-satisfiable",
                "Range not satisfiable", "the Range cannot be answered from " + e.size() + " bytes: " + e.getMessage());
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                .header(HttpHeaders.CONTENT_RANGE, "bytes */" + e.size()).body(answer.getBody());
    }

    /** A precondition that does not hold, on a delivery or a record, or a record changed since the version a change names. */
    @ExceptionHandler({PreconditionFailedException.class, StaleRecordException.class})
    ResponseEntity<ProblemDetail> preconditionFailed(RuntimeException e) {
        return respond(HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition failed", e.getMessage());
    }

    private static ResponseEntity<ProblemDetail> respond(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("urn:pixflow:problem:" + slug));
        p.setTitle(title);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
