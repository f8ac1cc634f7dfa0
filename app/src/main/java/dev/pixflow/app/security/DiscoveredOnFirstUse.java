package dev.pixflow.app.security;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;

import java.util.function.Supplier;

/**
 * The identity provider's decoder, made (its discovery document read) by the first token that needs
 * it and kept from then on. While the provider does not answer, the tokens that waited for a try share
 * its failure rather than each trying again after it, one after the other (ten tokens against a
 * provider that never answers would otherwise wait ten of its timeouts); a token that comes after a
 * failure tries again.
 */
final class DiscoveredOnFirstUse implements JwtDecoder {
    private final Supplier<JwtDecoder> discover;
    private volatile JwtDecoder decoder;
    /** Tries ended so far, and how the last one failed. */
    private volatile long tries;
    private JwtDecoderInitializationException lastFailure;

    DiscoveredOnFirstUse(Supplier<JwtDecoder> discover) {
        this.discover = discover;
    }

    @Override
    public Jwt decode(String token) {
        JwtDecoder d = decoder;
        return (d != null ? d : discovered(tries)).decode(token);
    }

    private synchronized JwtDecoder discovered(long triesSeenOnArrival) {
        if (decoder != null) {
            return decoder;
        }
        if (tries != triesSeenOnArrival && lastFailure != null) {
            throw lastFailure;
        }
        try {
            decoder = discover.get();
            return decoder;
        } catch (RuntimeException e) {
            lastFailure = e instanceof JwtDecoderInitializationException init ? init
                    : new JwtDecoderInitializationException("the identity provider's discovery failed: " + e.getMessage(), e);
            throw lastFailure;
        } finally {
            tries++;
        }
    }
}
