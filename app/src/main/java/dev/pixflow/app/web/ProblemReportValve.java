package dev.pixflow.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat refuses some requests before the application sees them: a request line, path or header it
 * cannot parse, headers past its limit. It answers those from its host's error report valve, an HTML
 * page by default; this valve answers them as the RFC 9457 problems every other refusal is
 * ({@link ContainerErrors#forStatus}). What reaches the application is answered there, as before.
 * Installed by {@link ContainerSettings}.
 */
public final class ProblemReportValve extends ErrorReportValve {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASON = 200;

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        HttpStatusCode status = HttpStatusCode.valueOf(response.getStatus());
        if (!status.isError() || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ProblemDetail problem = ContainerErrors.forStatus(status, detail(status, throwable));
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Cache-Control", ProblemsUncached.NO_STORE);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException clientGone) {
            // Nothing more can be said on this connection.
        }
    }

    /** Tomcat's reason for a request it could not parse names what broke (a character, a header's size). */
    private static String detail(HttpStatusCode status, Throwable throwable) {
        if (status.value() == HttpStatus.BAD_REQUEST.value() && throwable instanceof IllegalArgumentException parse
                && parse.getMessage() != null && !parse.getMessage().isBlank()) {
            String reason = parse.getMessage().lines().findFirst().orElse("");
            // It quotes what was sent: enough of it to see what broke, and no more.
            return "the request is not well-formed HTTP: " + (reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason);
        }
        return switch (status.value()) {
            case 400 -> "the request is not well-formed HTTP: its request line, path or headers break the syntax, or its headers are"
                    + " too large";
            case 501 -> "the request asks for what this server does not implement, such as a transfer coding other than chunked";
            case 505 -> "the request's HTTP version is not spoken here: HTTP/1.1 or HTTP/2";
            default -> "the server cannot answer this request";
        };
    }

    private static String json(ProblemDetail problem) throws JsonProcessingException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", String.valueOf(problem.getType()));
        fields.put("title", problem.getTitle());
        fields.put("status", problem.getStatus());
        fields.put("detail", problem.getDetail());
        return JSON.writeValueAsString(fields);
    }
}
