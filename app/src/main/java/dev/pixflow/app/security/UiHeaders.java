package dev.pixflow.app.security;

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
 * run only their own scripts (no inline script, nothing from elsewhere) and may not be framed (a framed
 * Delete or Revoke could be clicked for the user). They may still show images from anywhere (delivery URLs
 * may name a CDN, {@code pixflow.delivery.public-base-url}) and send requests anywhere (the upload page
 * sends parts straight to the bucket by presigned URLs, and a sign-in talks to the identity provider).
 * Pages and scripts are revalidated on each load, so the modules of one page never mix two versions after
 * an upgrade; the versioned WebJars are left as they are.
 */
@Component
public class UiHeaders extends OncePerRequestFilter {
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src * blob: data:;"
            + " connect-src *; frame-src *; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiKeyFilter.isUi(RequestPaths.of(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        if (!RequestPaths.of(request).startsWith("/webjars/")) {
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        }
        chain.doFilter(request, response);
    }
}
