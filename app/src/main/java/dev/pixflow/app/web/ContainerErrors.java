package dev.pixflow.app.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
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

    @RequestMapping(PATH)
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            return Problems.respond(Problems.problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "no such path"));
        }
        HttpStatus status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                && HttpStatus.resolve(code) != null ? HttpStatus.resolve(code) : HttpStatus.INTERNAL_SERVER_ERROR;
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String detail = message instanceof String text && !text.isBlank() ? text : status.getReasonPhrase();
        ProblemDetail problem = switch (status) {
            case BAD_REQUEST -> Problems.problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", detail);
            case NOT_FOUND -> Problems.problem(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
            case REQUEST_TIMEOUT -> Problems.problem(HttpStatus.REQUEST_TIMEOUT, "request-timeout", "Request timeout",
                    "the request's body did not arrive in time; nothing was stored");
            case PAYLOAD_TOO_LARGE -> Problems.problem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "Upload too large", detail);
            case INTERNAL_SERVER_ERROR -> Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "server-error", "Server error",
                    SERVER_FAILED);
            default -> status.is5xxServerError() ? Problems.problem(status, "server-error", "Server error", SERVER_FAILED)
                    : Problems.problem(status, "http-" + status.value(), status.getReasonPhrase(), detail);
        };
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
}
