package dev.pixflow.app.webhooks;

import dev.pixflow.app.importing.AddressPolicy;
import dev.pixflow.app.importing.UrlRefusedException;
import dev.pixflow.app.importing.WebUrl;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

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

    /** The URL as a hook keeps it; a 400 {@code url-refused} when it is not one a hook may have. */
    public URI parse(String url) {
        URI uri = WebUrl.parse(url, "webhooks");
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
                        + ", " + refusal.address() + "; webhooks go to public addresses only");
            });
        }
    }
}
