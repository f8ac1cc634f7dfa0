package dev.pixflow.app.importing;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fetches an image by URL for an import, refusing anything but http(s) to public addresses. The
 * client (Apache HttpClient 5) resolves hosts only through {@link CheckedDnsResolver}, so it connects
 * to the address that was checked; redirects are followed here, by hand, each new URL checked like
 * the first; no proxy, no cookies, no retries; the whole fetch is cut off after the timeout.
 */
public final class UrlFetcher implements AutoCloseable {
    /** A response body being read; closing it releases the connection. */
    public record Fetched(InputStream body, Optional<String> contentType, long contentLength, URI finalUrl)
            implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    private final AddressPolicy policy;
    private final ImportProperties props;
    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient client;
    private final ScheduledExecutorService deadlines =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("pixflow-import-deadline").factory());

    public UrlFetcher(ImportProperties props) {
        this.props = props;
        this.policy = new AddressPolicy(props.allowLoopback());
        this.connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new CheckedDnsResolver(policy))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(props.connectTimeout()))
                        .setSocketTimeout(Timeout.of(props.timeout())).build())
                .build();
        this.client = HttpClients.custom().setConnectionManager(connections)
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement().disableAuthCaching()
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(props.timeout())).build())
                .setUserAgent("Pixflow-import/1").build();
    }

    /**
     * The body of the image at {@code url}, after at most {@code maxRedirects} redirects. Refuses
     * (before connecting) a URL that is not http(s) or names a refused address.
     */
    public Fetched fetch(String url) {
        URI current = check(parse(url));
        HttpGet get = null;
        ScheduledFuture<?> deadline = null;
        long started = System.nanoTime();
        try {
            for (int hop = 0; ; hop++) {
                get = new HttpGet(current);
                get.setHeader(HttpHeaders.ACCEPT, "image/*");
                HttpGet cancellable = get;
                long left = props.timeout().toNanos() - (System.nanoTime() - started);
                deadline = deadlines.schedule(() -> cancellable.cancel(), Math.max(1, left), TimeUnit.NANOSECONDS);
                ClassicHttpResponse response = client.executeOpen(null, get, null);
                int status = response.getCode();
                if (status >= 300 && status < 400 && response.getFirstHeader(HttpHeaders.LOCATION) != null) {
                    String location = response.getFirstHeader(HttpHeaders.LOCATION).getValue();
                    response.close();
                    deadline.cancel(false);
                    if (hop >= props.maxRedirects()) {
                        throw new UrlRefusedException("redirects", "more than " + props.maxRedirects() + " redirects");
                    }
                    current = check(current.resolve(parse(location)));
                    continue;
                }
                if (status < 200 || status >= 300) {
                    response.close();
                    throw new ImportFailedException(current + " answered " + status, status);
                }
                HttpEntity entity = response.getEntity();
                if (entity == null) {
                    response.close();
                    throw new ImportFailedException(current + " answered without a body", null);
                }
                Header type = response.getFirstHeader(HttpHeaders.CONTENT_TYPE);
                ScheduledFuture<?> whole = deadline;
                URI from = current;
                // A body cut off (the deadline, the remote) is the import failing, not the server's storage.
                InputStream body = new java.io.FilterInputStream(entity.getContent()) {
                    @Override
                    public int read() throws IOException {
                        try {
                            return super.read();
                        } catch (IOException e) {
                            throw cutOff(from, e);
                        }
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        try {
                            return super.read(b, off, len);
                        } catch (IOException e) {
                            throw cutOff(from, e);
                        }
                    }

                    @Override
                    public void close() throws IOException {
                        whole.cancel(false);
                        response.close();
                    }
                };
                return new Fetched(body, Optional.ofNullable(type).map(Header::getValue), entity.getContentLength(), current);
            }
        } catch (IOException e) {
            if (deadline != null) {
                deadline.cancel(false);
            }
            throw new ImportFailedException("fetching " + current + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (deadline != null) {
                deadline.cancel(false);
            }
            // The resolver's refusal comes wrapped by the client in some paths: give the caller the refusal itself.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof UrlRefusedException refused) {
                    throw refused;
                }
            }
            throw e;
        }
    }

    private ImportFailedException cutOff(URI url, IOException e) {
        return new ImportFailedException("reading " + url + " failed (" + e.getClass().getSimpleName()
                + "); the whole fetch may take " + props.timeout().toSeconds() + " s", e);
    }

    private static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw new UrlRefusedException("url", "no URL given");
        }
        try {
            return new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new UrlRefusedException("url", "not a URL: " + e.getMessage());
        }
    }

    /** What can be refused without connecting: the scheme, credentials, and a host that is an address literal. */
    private URI check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UrlRefusedException("scheme", "only http and https URLs are fetched, not '" + scheme + ":'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new UrlRefusedException("url", "the URL names no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new UrlRefusedException("url", "URLs with credentials are not fetched");
        }
        String host = uri.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress literal;
        try {
            literal = InetAddress.ofLiteral(bare);
        } catch (IllegalArgumentException aName) {
            return uri;   // the resolver checks what the name resolves to
        }
        policy.check(literal).ifPresent(refusal -> {
            throw new UrlRefusedException(refusal.id(), host + " is a " + refusal.id()
                    + " address; imports fetch from public addresses only");
        });
        return uri;
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        client.close();
        connections.close();
    }
}
