package dev.pixflow.app.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every problem the app answers says {@code Cache-Control: no-store}. A 404 or 410 is cacheable by
 * default (RFC 9111, 4.2.2), and a CDN that kept one would go on refusing an image after it was made
 * public, uploaded under a name asked for too early, or given a later expiry; and a refusal that depends
 * on the caller's key must not reach the next caller. The container's own refusals say it too
 * ({@link ProblemReportValve}), as do the delivery listener's.
 */
@ControllerAdvice
public class ProblemsUncached implements ResponseBodyAdvice<Object> {
    public static final String NO_STORE = "no-store";

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (body instanceof ProblemDetail) {
            if (response instanceof ServletServerHttpResponse servlet) {
                // Set on the response itself, replacing what an answer begun before the refusal set
                // (a delivery's caching, before its Range was read): the entity's would be added beside it.
                servlet.getServletResponse().setHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
            } else {
                response.getHeaders().setCacheControl(NO_STORE);
            }
        }
        return body;
    }
}
