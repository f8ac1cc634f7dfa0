package dev.pixflow.app.security;

import dev.pixflow.core.usecase.ApiKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Refuses to start a server that would be open to a network: with no API key and no identity
 * provider, Pixflow cannot tell callers apart, so it serves only on loopback (one machine, its own
 * user) unless {@code pixflow.security.open=true} says something in front of it does the
 * authenticating. Runs once every bean exists and before the web server binds its port, so a refused
 * start never listens.
 */
public final class OpenModeGuard implements SmartInitializingSingleton {
    private static final Logger LOG = LoggerFactory.getLogger(OpenModeGuard.class);

    private final ApiKeys keys;
    private final SecurityProperties props;
    private final OidcProperties oidc;
    private final Environment env;

    public OpenModeGuard(ApiKeys keys, SecurityProperties props, OidcProperties oidc, Environment env) {
        this.keys = keys;
        this.props = props;
        this.oidc = oidc;
        this.env = env;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (oidc.enabled()) {
            LOG.info("sign-in with {} (audience {}): every request but public delivery and health needs a token or an API key",
                    oidc.issuerUri(), oidc.audience());
            return;
        }
        if (!keys.noneIssued()) {
            LOG.info("API keys exist: every request but public delivery and health needs one");
            if (keys.list().stream().noneMatch(k -> k.admin() && keys.statusOf(k).equals("active"))) {
                // Revoking or letting expire the last admin key never reopens the server: say how to get back in.
                LOG.warn("no API key is an active admin's: /v1/admin (keys, queues, dead letters) answers no one until"
                        + " one is made on this machine: ./pixflow keys create --owner NAME --admin");
            }
            return;
        }
        String address = env.getProperty("server.address", "");
        if (isLoopback(address)) {
            LOG.warn("no API key exists: Pixflow runs OPEN on {} (loopback only): whoever can reach it may do anything."
                    + " Create a key with: ./pixflow keys create --owner NAME --admin", address);
        } else if (props.open()) {
            LOG.warn("no API key exists and pixflow.security.open=true: Pixflow runs OPEN on {}: every caller may do"
                    + " anything, so something in front of it must authenticate", address.isBlank() ? "every address" : address);
        } else {
            throw new IllegalStateException("refusing to start: no API key exists and server.address is "
                    + (address.isBlank() ? "every address" : address) + ", not loopback. Create a key first"
                    + " (./pixflow keys create --owner NAME --admin), listen on 127.0.0.1, or set"
                    + " pixflow.security.open=true if something in front of Pixflow authenticates");
        }
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address.strip()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
