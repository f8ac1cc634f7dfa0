package dev.pixflow.app.delivery;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Delivery answers any web page's CORS preflight for {@code GET} and {@code HEAD}: every delivery answer
 * carries {@code Access-Control-Allow-Origin: *} ({@link DeliveryResponses#ALLOW_ORIGIN}), so a page on
 * another origin may draw an image into a canvas or read it with {@code fetch}, a private one with its
 * owner's key in {@code Authorization}. The same for every origin, the answers need no {@code Vary:
 * Origin} and a CDN keeps one copy. Spring's own CORS support would add {@code Vary: Origin} to every
 * answer of the paths it covers, and refused preflights with a bare text 403 without it.
 *
 * <p>The header is set here, before anything can refuse the request, so a refusal (401, 403, 404, 410,
 * 422 ...) carries it too: without it a page's script sees only a network error, and cannot tell an
 * expired link from a wrong signature or a missing image.
 */
public final class DeliveryCors extends OncePerRequestFilter {
    static final String ALLOWED_HEADERS = "Authorization, Accept, Range, If-Match, If-None-Match, If-Modified-Since,"
            + " If-Unmodified-Since, If-Range";
    /** How long a browser may keep the preflight's answer: a day. */
    static final String MAX_AGE = "86400";

    private static boolean preflight(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod()) && request.getHeader(HttpHeaders.ORIGIN) != null
                && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!preflight(request)) {
            response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, DeliveryResponses.ALLOW_ORIGIN);
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpStatus.NO_CONTENT.value());
        response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, DeliveryResponses.ALLOW_ORIGIN);
        response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD");
        response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
        response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, MAX_AGE);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
