package dev.pixflow.app.importing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code pixflow.import.*}: fetching an image by URL.
 *
 * @param timeout        the whole fetch, redirects and body included
 * @param connectTimeout one connection; and a host's DNS lookup, before it (a name whose DNS servers do
 *                       not answer within it fails the import, 502)
 * @param maxRedirects   redirects followed, each checked like the first URL
 * @param allowLoopback  fetch from 127.0.0.0/8 and ::1: for tests and development only (metadata
 *                       addresses and every other private range stay refused)
 */
@ConfigurationProperties("pixflow.import")
public record ImportProperties(@DefaultValue("30s") Duration timeout, @DefaultValue("5s") Duration connectTimeout,
                               @DefaultValue("5") int maxRedirects, @DefaultValue("false") boolean allowLoopback) {
}
