package dev.pixflow.app.web;

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
public class ContainerErrors implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        HttpStatus status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                && HttpStatus.resolve(code) != null ? HttpStatus.resolve(code) : HttpStatus.INTERNAL_SERVER_ERROR;
        String slug = switch (status) {
            case BAD_REQUEST -> "bad-request";
            case NOT_FOUND -> "not-found";
            case REQUEST_TIMEOUT -> "request-timeout";
            case PAYLOAD_TOO_LARGE -> "too-large";
            default -> status.is5xxServerError() ? "server-error" : "http-" + status.value();
        };
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String detail = status.is5xxServerError() || !(message instanceof String text) || text.isBlank()
                ? status.getReasonPhrase() : text;
        return Problems.respond(Problems.problem(status, slug, status.getReasonPhrase(), detail));
    }
}
