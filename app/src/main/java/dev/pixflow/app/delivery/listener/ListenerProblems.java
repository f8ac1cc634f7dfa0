package dev.pixflow.app.delivery.listener;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixflow.app.web.Problems;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * The two refusals the listener makes itself, as the same RFC 9457 documents the controllers write:
 * a request that is not HTTP, and one that is not delivery. Everything else is the controllers' to refuse.
 */
final class ListenerProblems {
    private final ObjectMapper json;

    ListenerProblems(ObjectMapper json) {
        this.json = json;
    }

    FullHttpResponse malformed(Throwable why) {
        return respond(Problems.problem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed HTTP request",
                "the request could not be parsed: " + why.getMessage()), null);
    }

    FullHttpResponse notDelivery(HttpRequest request) {
        return respond(Problems.problem(HttpStatus.METHOD_NOT_ALLOWED, "not-delivery", "Not a delivery request",
                "this port answers delivery (GET, HEAD and OPTIONS, without a body); send " + request.method()
                        + " and requests with a body to the API's port"), "GET, HEAD, OPTIONS");
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
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (allow != null) {
            response.headers().set(HttpHeaderNames.ALLOW, allow);
        }
        return response;
    }
}
