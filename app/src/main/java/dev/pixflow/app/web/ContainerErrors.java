package dev.pixflow.app.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The answers the servlet container gives on its own, past the controllers' problems: a body it could
 * not read as HTTP frames it (a broken chunk), a request it timed out, a path nothing maps. They are
 * RFC 9457 problems too, in place of Spring Boot's default error JSON; a server error says nothing of
 * its cause, which is in the log.
 */
@RestController
@io.swagger.v3.oas.annotations.Hidden
public class ContainerErrors implements ErrorController {

    /** The container forwards here; no client asks for it, so no ingress routes it. */
    public static final String PATH = "/error";
    /** A server error says nothing of its cause, which is in the log. */
    private static final String SERVER_FAILED = "the server failed; the log has the cause; retry later";
    static final String UNREADABLE = "the request could not be read as HTTP: a malformed request line or header, a body"
            + " that ended before its Content-Length, or a broken chunk; nothing was stored";

    @RequestMapping(PATH)
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            return Problems.respond(Problems.problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "no such path"));
        }
        HttpStatus status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                && HttpStatus.resolve(code) != null ? HttpStatus.resolve(code) : HttpStatus.INTERNAL_SERVER_ERROR;
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String detail = message instanceof String text && !text.isBlank() ? text
                // Tomcat says nothing of a request it could not read (a malformed header, a body that ended
                // before its length); its reason phrase would only repeat the title.
                : status == HttpStatus.BAD_REQUEST ? UNREADABLE : status.getReasonPhrase();
        ProblemDetail problem = forStatus(status, detail);
        // Else Spring would name the forward target, /error, as the instance.
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
            try {
                problem.setInstance(java.net.URI.create(uri));
            } catch (IllegalArgumentException notAUri) {
                // A path the container took but java.net.URI will not: the problem goes without it.
            }
        }
        return Problems.respond(problem);
    }

    /**
     * The problem for a bare status: one type per status, for the refusals made before any handler of
     * the app runs (by Tomcat, or by Spring for a path, method, body type or Accept no handler takes).
     * A server error says nothing of its cause.
     */
    public static ProblemDetail forStatus(HttpStatusCode status, String detail) {
        return switch (status.value()) {
            case 400 -> Problems.problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", detail);
            case 404 -> Problems.problem(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
            case 405 -> Problems.problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed", detail);
            case 406 -> Problems.problem(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable", detail);
            case 408 -> Problems.problem(HttpStatus.REQUEST_TIMEOUT, "request-timeout", "Request timeout",
                    "the request's body did not arrive in time; nothing was stored");
            case 413 -> Problems.problem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "Upload too large", detail);
            case 415 -> Problems.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                    detail);
            case 500 -> Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "server-error", "Server error", SERVER_FAILED);
            // 501 and 505 say what the request asked of HTTP (a transfer coding, a version) that is not spoken here.
            default -> status.is5xxServerError() && status.value() != 501 && status.value() != 505
                    ? Problems.problem(status, "server-error", "Server error", SERVER_FAILED)
                    : Problems.problem(status, "http-" + status.value(), reason(status), detail);
        };
    }

    private static String reason(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "HTTP " + status.value() : known.getReasonPhrase();
    }
}
