package dev.pixflow.app.logging;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import java.util.Map;

/**
 * Names the image of a request whose path has one ({@code /v1/images/{id}...}, {@code /i/{id}/...}) in
 * its log lines, from the path variable the handler was matched with. {@link RequestIdFilter} removes
 * it when the request ends.
 */
final class ImageIdInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern != null && (pattern.startsWith("/v1/images/{id}") || pattern.startsWith("/i/{id}"))) {
            @SuppressWarnings("unchecked")
            Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
            if (variables != null && variables.get("id") != null) {
                MDC.put(LogContext.IMAGE_ID, variables.get("id"));
            }
        }
        return true;
    }
}
