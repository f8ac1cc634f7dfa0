package dev.pixflow.app.delivery;

import dev.pixflow.app.security.Authenticated;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.Viewer;
import dev.pixflow.core.usecase.Delivery;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Answers a plain {@code GET /i/{id}/{variant}} whose lookup is kept ({@link DeliveryLookups}) without
 * going through Spring MVC's dispatch: for a hot rendition that dispatch was most of the remaining
 * work. It runs after the API-key filter, so the viewer is the same one the controller would get; it
 * writes the same response through {@link DeliveryResponses}. Anything else (no kept lookup, a signed
 * link, a Range, a malformed path) goes on to {@code DeliveryController}, which owns every other
 * answer, errors included.
 */
public final class DeliveryFastPath extends OncePerRequestFilter {
    private static final String PREFIX = "/i/";

    private final DeliveryLookups lookups;
    private final DeliveryResponses responses;

    public DeliveryFastPath(DeliveryLookups lookups, DeliveryResponses responses) {
        this.lookups = lookups;
        this.responses = responses;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !("GET".equals(method) || "HEAD".equals(method)) || request.getQueryString() != null
                || request.getHeader(HttpHeaders.RANGE) != null || !request.getRequestURI().startsWith(PREFIX, request.getContextPath().length());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Delivery> kept = kept(request);
        if (kept.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        responses.send(kept.get(), false, Optional.empty(), request, response);
    }

    private Optional<Delivery> kept(HttpServletRequest request) {
        String uri = request.getRequestURI();
        int start = request.getContextPath().length() + PREFIX.length();
        int slash = uri.indexOf('/', start);
        if (slash < 0 || uri.indexOf('/', slash + 1) >= 0 || slash + 1 == uri.length()) {
            return Optional.empty();
        }
        Optional<ImageId> id = ImageId.parse(uri.substring(start, slash));
        String variant = uri.substring(slash + 1);
        if (id.isEmpty() || variant.indexOf('%') >= 0 || variant.indexOf(';') >= 0) {
            return Optional.empty();
        }
        Viewer viewer = Authenticated.of(request).map(Authenticated::caller).map(Viewer::of).orElse(Viewer.ANYONE);
        return lookups.kept(id.get(), variant, viewer);
    }
}
