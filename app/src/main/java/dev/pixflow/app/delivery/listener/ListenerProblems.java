package dev.pixflow.app.delivery.listener;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixflow.app.delivery.DeliveryResponses;
import dev.pixflow.app.web.ContainerErrors;
import dev.pixflow.app.web.Problems;
import dev.pixflow.app.web.ProblemsUncached;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import org.apache.tomcat.util.http.parser.Host;

import java.util.Iterator;
import java.util.Locale;

/**
 * The refusals the listener makes itself, before it answers or forwards a request: what HTTP/1.1 says a
 * server must refuse (RFC 9112: a request it cannot parse, another HTTP version, a missing, repeated or
 * invalid Host, a transfer coding it does not know) as Tomcat refuses it on the server's port, with the
 * same problem documents; and what is not delivery. Such a request is never answered from what is kept,
 * nor forwarded, where a rewritten copy could get another answer than the original would.
 */
final class ListenerProblems {
    private final ObjectMapper json;
    private final HttpDate date = new HttpDate();
    /** The last Host taken, shared by the event loops: a stale read only parses once more. */
    private volatile String lastHost = "";

    ListenerProblems(ObjectMapper json) {
        this.json = json;
    }

    /** The refusal of {@code request}, or null when the listener takes it. */
    FullHttpResponse refusal(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return respond(ContainerErrors.forStatus(HttpStatus.BAD_REQUEST,
                    "the request could not be parsed: " + request.decoderResult().cause().getMessage()), null);
        }
        HttpVersion version = request.protocolVersion();
        if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
            return respond(ContainerErrors.forStatus(HttpStatus.HTTP_VERSION_NOT_SUPPORTED,
                    "this server speaks HTTP/1.1 and HTTP/1.0, not " + version.text()), null);
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null ? version.equals(HttpVersion.HTTP_1_1) : !validHost(host) || lines(request, HttpHeaderNames.HOST) > 1) {
            return respond(ContainerErrors.forStatus(HttpStatus.BAD_REQUEST,
                    "an HTTP/1.1 request has exactly one Host header, with a host and an optional port"), null);
        }
        if (request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            String codings = String.join(",", request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING));
            String last = codings.substring(codings.lastIndexOf(',') + 1).strip().toLowerCase(Locale.ROOT);
            if (!last.equals("chunked")) {
                return respond(ContainerErrors.forStatus(HttpStatus.NOT_IMPLEMENTED,
                        "the transfer coding '" + codings.strip() + "' is not understood here"), null);
            }
        }
        HttpMethod m = request.method();
        if (!(m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD) || m.equals(HttpMethod.OPTIONS))) {
            return respond(Problems.problem(HttpStatus.METHOD_NOT_ALLOWED, "not-delivery", "Not a delivery request",
                    "this port answers delivery (GET, HEAD and OPTIONS, without a body); send " + m
                            + " to the API's port"), "GET, HEAD, OPTIONS");
        }
        if (HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request)) {
            return respond(ContainerErrors.forStatus(HttpStatus.BAD_REQUEST,
                    "a delivery request has no body; send requests with a body to the API's port"), null);
        }
        return null;
    }

    /** How many lines of {@code name} the request has; a header sent once, the common case, allocates nothing more. */
    static int lines(HttpRequest request, CharSequence name) {
        int n = 0;
        for (Iterator<String> it = request.headers().valueStringIterator(name); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }

    /**
     * Whether Tomcat would take {@code value} as a Host: its own parser, so that both ports refuse alike.
     * A connection sends the same Host on every request, so the last one taken is not parsed again.
     */
    private boolean validHost(String value) {
        if (value.equals(lastHost)) {
            return true;
        }
        try {
            Host.parse(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
        lastHost = value;
        return true;
    }

    private FullHttpResponse respond(ProblemDetail problem, String allow) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(problem.getStatus()), Unpooled.wrappedBuffer(body));
        // As Tomcat writes them: the same names, and a Date as every answer has (RFC 9110, 6.6.1).
        response.headers().set("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                .set("Content-Length", body.length)
                .set("Cache-Control", ProblemsUncached.NO_STORE)
                .set("X-Content-Type-Options", "nosniff")
                // A page's script reads which problem it met, as on Tomcat's port (DeliveryCors).
                .set("Access-Control-Allow-Origin", DeliveryResponses.ALLOW_ORIGIN)
                .set("Date", date.now())
                .set("Connection", HttpHeaderValues.CLOSE);
        if (allow != null) {
            response.headers().set("Allow", allow);
        }
        return response;
    }
}
