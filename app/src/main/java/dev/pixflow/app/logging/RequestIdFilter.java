package dev.pixflow.app.logging;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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

    /** The id a request sent, when it is a plain token; a new one otherwise. */
    public static String idFor(String sent) {
        if (sent != null && USABLE.matcher(sent).matches()) {
            return sent;
        }
        // Unique is enough for a request id, unguessable is not needed: a random UUID from the thread's
        // generator, not UUID.randomUUID(), whose shared SecureRandom every request would queue on.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = idFor(request.getHeader(HEADER));
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
