package dev.pixflow.app.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * What an open server on loopback answers: requests from this machine's own tools and pages only. A
 * web page elsewhere can reach loopback through the visitor's browser, in two ways this refuses: by
 * pointing its own name at 127.0.0.1 (DNS rebinding, then its requests are same-origin and carry its
 * name in {@code Host}), and by a form that posts across sites (no preflight asks first).
 */
public final class OpenModeRequests {
    private OpenModeRequests() {
    }

    /** Whether an open server on loopback serves a request for {@code host} (a Host header, port and all). */
    public static boolean forThisMachine(String host) {
        return host != null && loopbackName(withoutPort(host));
    }

    /** Why the request is refused, or empty when it is this machine's own. */
    static Optional<String> refusal(HttpServletRequest request) {
        String host = request.getHeader(HttpHeaders.HOST);
        if (host != null && !forThisMachine(host)) {
            return Optional.of("this server is open (no API key exists) and answers requests to localhost only, not to "
                    + host + ": create a key (./pixflow keys create --owner NAME --admin) to serve other names");
        }
        if (!isSafe(request.getMethod()) && crossSite(request)) {
            return Optional.of("this server is open (no API key exists) and takes no changes from another site's page");
        }
        return Optional.empty();
    }

    private static boolean isSafe(String method) {
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
    }

    private static boolean crossSite(HttpServletRequest request) {
        if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
            return true;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            return false;   // not a browser's cross-origin request: curl, the CLI, a same-origin GET
        }
        // "null" (a sandboxed frame, a file) has no host, and garbage does not parse: neither is a page of this server.
        try {
            String host = URI.create(origin.strip()).getHost();
            return host == null || !loopbackName(host);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    static String withoutPort(String host) {
        String h = host.strip();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon >= 0 && colon == h.lastIndexOf(':') ? h.substring(0, colon) : h;
    }

    /** localhost and its subdomains (RFC 6761: never asked of DNS), or a loopback address literal. */
    static boolean loopbackName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        String literal = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        try {
            return InetAddress.ofLiteral(literal).isLoopbackAddress();
        } catch (IllegalArgumentException notALiteral) {
            return false;
        }
    }
}
