package dev.pixflow.app.logging;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id, in its log lines and in the {@code X-Request-Id} response header. A
 * request id set by a load balancer or a client is kept when it is a plain token, so one id follows a
 * request through the proxies; anything else (too long, or with characters that could forge a log
 * line) is replaced. Runs first, so every later filter's lines carry it too.
 */
public final class RequestIdFilter extends OncePerRequestFilter {
    public static final String HEADER = "X-Request-Id";
    private static final Pattern USABLE = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String sent = request.getHeader(HEADER);
        String id = sent != null && USABLE.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
        response.setHeader(HEADER, id);
        MDC.put(LogContext.REQUEST_ID, id);
        try {
            chain.doFilter(request, response);
        } finally {
            // The image id an interceptor added goes with the request, on its last line too.
            MDC.remove(LogContext.REQUEST_ID);
            MDC.remove(LogContext.IMAGE_ID);
        }
    }
}
