package dev.pixflow.app.delivery;

import dev.pixflow.app.security.Authenticated;
import dev.pixflow.core.delivery.TransformUrl;
import dev.pixflow.core.domain.Viewer;
import dev.pixflow.core.media.ImageId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Answers a plain {@code GET}/{@code HEAD} of {@code /i/{id}/{variant}} or {@code /t/...} whose lookup
 * is kept ({@link DeliveryLookups}: for {@code /t/}, the URL's checked signature and the stored
 * result) without going through Spring MVC's dispatch: for a hot rendition that dispatch was most of
 * the remaining work. It runs after the API-key filter, so the viewer is the same one the controllers
 * would get; it writes the same response through {@link DeliveryResponses}. Anything else (no kept
 * lookup, a signed {@code /i/} link, a Range, a malformed path) goes on to {@code DeliveryController}
 * or {@code TransformController}, which own every other answer, errors included.
 */
public final class DeliveryFastPath extends OncePerRequestFilter {
    private static final String IMAGES = "/i/";

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
                || request.getHeader(HttpHeaders.RANGE) != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        int start = request.getContextPath().length();
        Viewer byKey = Authenticated.of(request).map(Authenticated::caller).map(Viewer::of).orElse(Viewer.ANYONE);
        boolean answered = uri.startsWith(IMAGES, start) ? image(uri, start + IMAGES.length(), byKey, request, response)
                : uri.startsWith(TransformUrl.PREFIX, start) && transform(uri.substring(start + TransformUrl.PREFIX.length()),
                byKey, request, response);
        if (!answered) {
            chain.doFilter(request, response);
        }
    }

    private boolean image(String uri, int start, Viewer viewer, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        int slash = uri.indexOf('/', start);
        if (slash < 0 || uri.indexOf('/', slash + 1) >= 0 || slash + 1 == uri.length()) {
            return false;
        }
        Optional<ImageId> id = ImageId.parse(uri.substring(start, slash));
        String variant = uri.substring(slash + 1);
        if (id.isEmpty() || variant.indexOf('%') >= 0 || variant.indexOf(';') >= 0) {
            return false;
        }
        Optional<Answer> kept = lookups.keptImage(id.get(), variant, viewer);
        if (kept.isEmpty()) {
            return false;
        }
        responses.send(kept.get(), kept.get().found().caching(viewer, OptionalLong.empty()), request, response);
        return true;
    }

    private boolean transform(String afterPrefix, Viewer byKey, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Optional<DeliveryLookups.CheckedUrl> url = lookups.checked(afterPrefix);
        if (url.isEmpty()) {
            return false;
        }
        Optional<Answer> kept = lookups.keptTransform(url.get(), afterPrefix, byKey, request.getHeader(HttpHeaders.ACCEPT));
        if (kept.isEmpty()) {
            return false;
        }
        responses.send(kept.get(), kept.get().found().caching(url.get().viewer(byKey), url.get().url().expires()),
                request, response);
        return true;
    }
}
