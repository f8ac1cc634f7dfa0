package dev.pixflow.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * What the web UI's pages and scripts are sent with. The pages keep an API key in the browser, so they
 * run only their own scripts (no inline script, nothing from elsewhere), show images from this server or
 * from memory, and may not be framed (a framed Delete or Revoke could be clicked for the user). They may
 * still send requests anywhere: the upload page sends parts straight to the bucket by presigned URLs, and
 * a sign-in talks to the identity provider. Pages and scripts are revalidated on each load, so the
 * modules of one page never mix two versions after an upgrade; the versioned WebJars are left as they are.
 */
@Component
public class UiHeaders extends OncePerRequestFilter {
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:;"
            + " connect-src *; frame-src *; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(page(path) || path.startsWith("/ui/") || path.startsWith("/webjars/"));
    }

    private static boolean page(String path) {
        return path.equals("/") || (path.endsWith(".html") && path.indexOf('/', 1) < 0);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        if (!path.startsWith("/webjars/")) {
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        }
        chain.doFilter(request, response);
    }
}
