package dev.pixflow.app.webhooks;

import dev.pixflow.app.importing.AddressPolicy;
import dev.pixflow.app.importing.UrlRefusedException;
import dev.pixflow.core.media.InvalidInputException;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where webhooks may send: http or https to a host whose every address is public, by the import's
 * rules (no loopback, private, link-local or metadata address; loopback only where imports may use it,
 * in tests and development). Checked when a hook is made and again before each delivery, since a
 * name may resolve elsewhere later.
 */
public final class WebhookUrlPolicy {
    private final AddressPolicy addresses;

    public WebhookUrlPolicy(AddressPolicy addresses) {
        this.addresses = addresses;
    }

    /** The URL as a hook keeps it; a 400 problem when it is not one a hook may have. */
    public URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new InvalidInputException("url", "not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidInputException("url", "a webhook URL is http or https");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new InvalidInputException("url", "a webhook URL names a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidInputException("url", "a webhook URL carries no user name or password; the signature authenticates");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new InvalidInputException("url", "port " + uri.getPort() + " is no TCP port (1 to 65535)");
        }
        check(uri);
        return uri;
    }

    /** Refuses the URL unless every address its host has now is allowed. */
    public void check(URI uri) {
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new UrlRefusedException("unknown-host", uri.getHost() + " does not resolve");
        }
        for (InetAddress address : resolved) {
            addresses.check(address).ifPresent(refusal -> {
                throw new UrlRefusedException(refusal.id(), uri.getHost() + " resolves to " + address.getHostAddress()
                        + ", a " + refusal.id() + " address; webhooks go to public addresses only");
            });
        }
    }
}
