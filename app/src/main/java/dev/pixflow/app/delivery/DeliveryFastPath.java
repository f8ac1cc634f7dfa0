package dev.pixflow.app.delivery;

import dev.pixflow.app.security.Authenticated;
import dev.pixflow.core.domain.Viewer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Answers a plain {@code GET}/{@code HEAD} of {@code /i/{id}/{variant}} or {@code /t/...} whose answer
 * is kept ({@link KeptAnswers}) without going through Spring MVC's dispatch: for a hot rendition that dispatch was most of
 * the remaining work. It runs after the API-key filter, so the viewer is the same one the controllers
 * would get; it writes the same response through {@link DeliveryResponses}. Anything else (no kept
 * lookup, a signed {@code /i/} link, a Range, a precondition that can fail, a malformed path) goes on to
 * {@code DeliveryController} or {@code TransformController}, which own every other answer, errors included.
 */
public final class DeliveryFastPath extends OncePerRequestFilter {
    private final KeptAnswers answers;
    private final DeliveryResponses responses;

    public DeliveryFastPath(KeptAnswers answers, DeliveryResponses responses) {
        this.answers = answers;
        this.responses = responses;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !("GET".equals(method) || "HEAD".equals(method)) || request.getQueryString() != null
                || request.getHeader(HttpHeaders.RANGE) != null || request.getHeader(HttpHeaders.IF_MATCH) != null
                || request.getHeader(HttpHeaders.IF_UNMODIFIED_SINCE) != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Viewer byKey = Authenticated.of(request).map(Authenticated::caller).map(Viewer::of).orElse(Viewer.ANYONE);
        Optional<KeptAnswers.Kept> kept = answers.find(path, byKey, accept(request));
        if (kept.isPresent()) {
            responses.send(kept.get().answer(), kept.get().caching(), request, response);
        } else {
            chain.doFilter(request, response);
        }
    }

    /** Accept sent as several lines is one list (RFC 9110, 5.3), as the controllers read it. */
    private static String accept(HttpServletRequest request) {
        java.util.Enumeration<String> lines = request.getHeaders(HttpHeaders.ACCEPT);
        if (!lines.hasMoreElements()) {
            return null;
        }
        String first = lines.nextElement();
        return lines.hasMoreElements() ? first + "," + String.join(",", java.util.Collections.list(lines)) : first;
    }
}
