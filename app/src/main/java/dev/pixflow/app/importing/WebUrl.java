package dev.pixflow.app.importing;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What makes a URL one Pixflow connects to, before any address is looked at: whole, http or https, a
 * host, no credentials, a TCP port. The one rule for imports and webhooks; a refusal is a 400
 * {@code url-refused} with its reason ({@code url} or {@code scheme}).
 */
public final class WebUrl {
    private WebUrl() {
    }

    /** {@code url} as a URI; {@code use} names what it is for, in a refusal ("imports", "webhooks"). */
    public static URI parse(String url, String use) {
        return check(uri(url), use);
    }

    /** {@code url} as a URI, whole or relative (a redirect's {@code Location}), not yet checked. */
    public static URI uri(String url) {
        if (url == null || url.isBlank()) {
            throw new UrlRefusedException("url", "no URL given");
        }
        try {
            return new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new UrlRefusedException("url", "not a URL: " + e.getMessage());
        }
    }

    /** The same checks of a URI already parsed (a redirect's target, resolved against the URL before it). */
    public static URI check(URI uri, String use) {
        if (uri.getScheme() == null) {
            throw new UrlRefusedException("url", "not a whole URL: give it with http:// or https://");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UrlRefusedException("scheme", "only http and https URLs are taken for " + use + ", not '" + scheme + ":'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new UrlRefusedException("url", "the URL names no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new UrlRefusedException("url", "a URL with a user name or password is not taken for " + use);
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new UrlRefusedException("url", "port " + uri.getPort() + " is no TCP port (1 to 65535)");
        }
        return uri;
    }
}
