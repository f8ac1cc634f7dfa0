package dev.pixflow.app.importing;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.util.Timeout;

import java.io.FilterInputStream;
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
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches an image by URL for an import, refusing anything but http(s) to public addresses. The
 * client (Apache HttpClient 5) resolves hosts only through {@link CheckedDnsResolver}, so it connects
 * to the address that was checked; redirects are followed here, by hand, each new URL checked like
 * the first; no proxy, no cookies, no retries; the whole fetch, body included, is cut off after the
 * timeout.
 */
public final class UrlFetcher implements AutoCloseable {
    private static final String USE = "imports";
    /** Longer header lines, or more header fields, than any image server sends: the fetch fails there. */
    static final int MAX_HEADER_LINE = 16 * 1024;
    static final int MAX_HEADERS = 200;
    /** Imports in flight at once in this process, from one host or many; more wait for a connection. */
    static final int MAX_CONNECTIONS = 256;
    /** A response body being read; closing it releases the connection. */
    public record Fetched(InputStream body, Optional<String> contentType, long contentLength, URI finalUrl)
            implements AutoCloseable {
        /** The bytes of the body read so far. */
        public long bytesRead() {
            return body instanceof Body b ? b.count : 0;
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    private final AddressPolicy policy;
    private final CheckedDnsResolver resolver;
    private final ImportProperties props;
    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient client;
    private final ScheduledExecutorService deadlines =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("pixflow-import-deadline").factory());

    public UrlFetcher(ImportProperties props) {
        this.props = props;
        this.policy = new AddressPolicy(props.allowLoopback());
        // A name lookup is part of making a connection: it gets the connection's time.
        this.resolver = new CheckedDnsResolver(policy, props.connectTimeout(), MAX_CONNECTIONS);
        this.connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(resolver)
                // HttpCore reads header lines of any length, and any number of them, into memory by default.
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder().http1Config(Http1Config.custom()
                        .setMaxLineLength(MAX_HEADER_LINE).setMaxHeaderCount(MAX_HEADERS).build()).build())
                // The defaults (5 a host, 25 in all) would make the sixth import from one host wait for a
                // connection, on its own deadline; each import holds one connection at a time.
                .setMaxConnPerRoute(MAX_CONNECTIONS).setMaxConnTotal(MAX_CONNECTIONS)
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
     * (before connecting) a URL that is not http(s) or names a refused address. The deadline runs
     * until the body is closed; closing it before its end hangs up on the remote rather than reading
     * on, so a refusal made on the headers costs no more of the remote's bytes.
     */
    public Fetched fetch(String url) {
        URI current = check(WebUrl.parse(url, USE));
        Deadline deadline = new Deadline();
        try {
            for (int hop = 0; ; hop++) {
                HttpGet get = deadline.start(current);
                get.setHeader(HttpHeaders.ACCEPT, "image/*");
                ClassicHttpResponse response = client.executeOpen(null, get, null);
                int status = response.getCode();
                if (status >= 300 && status < 400 && response.getFirstHeader(HttpHeaders.LOCATION) != null) {
                    String location = response.getFirstHeader(HttpHeaders.LOCATION).getValue();
                    hangUp(get, response);
                    if (hop >= props.maxRedirects()) {
                        // The remote's doing, as a loop usually is: a bad gateway, not a bad request.
                        throw new ImportFailedException(url + " redirected more than " + props.maxRedirects() + " times",
                                (Throwable) null);
                    }
                    current = check(current.resolve(redirectTarget(current, location)));
                    continue;
                }
                if (status < 200 || status >= 300) {
                    hangUp(get, response);
                    throw new ImportFailedException(current + " answered " + status, status);
                }
                HttpEntity entity = response.getEntity();
                if (entity == null) {
                    hangUp(get, response);
                    throw new ImportFailedException(current + " answered without a body", null);
                }
                Header type = response.getFirstHeader(HttpHeaders.CONTENT_TYPE);
                return new Fetched(new Body(entity.getContent(), get, response, current, deadline),
                        Optional.ofNullable(type).map(Header::getValue), entity.getContentLength(), current);
            }
        } catch (IOException e) {
            deadline.abandon();
            throw failure(current, deadline, e);
        } catch (RuntimeException e) {
            deadline.abandon();
            // The resolver's refusal comes wrapped by the client in some paths: give the caller the refusal itself.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof UrlRefusedException refused) {
                    throw refused;
                }
            }
            throw e;
        }
    }

    /** A redirect's Location that is no URL is the remote's fault, not the caller's: the import failed (502). */
    private static URI redirectTarget(URI from, String location) {
        try {
            return WebUrl.uri(location);
        } catch (UrlRefusedException notAUrl) {
            throw new ImportFailedException(from + " redirected to a Location that is not a URL (" + notAUrl.getMessage() + ")",
                    (Throwable) null);
        }
    }

    /**
     * Closes the connection instead of reading the rest of the response: HttpClient's own close reads
     * a body to its end to reuse the connection, which a remote announcing 200 MB one byte at a time
     * would turn into minutes of a request thread and all of the bandwidth.
     */
    private static void hangUp(HttpGet get, ClassicHttpResponse response) {
        get.cancel();
        try {
            response.close();
        } catch (IOException closedAlready) {
            // the connection is gone, which is the point
        }
    }

    private ImportFailedException failure(URI url, Deadline deadline, IOException e) {
        if (deadline.passed()) {
            return new ImportFailedException("fetching " + url + " took longer than the " + props.timeout().toSeconds()
                    + " s an import may take", e);
        }
        return new ImportFailedException("fetching " + url + " failed: " + e.getMessage(), e);
    }

    /**
     * One fetch's deadline, over every connection, header and body byte of every hop: when it passes,
     * the request in flight is cancelled, which closes its connection under a blocked read. A socket
     * timeout alone would not do: a remote sending a byte every half second never lets one expire.
     */
    private final class Deadline implements AutoCloseable {
        private final AtomicReference<HttpGet> inFlight = new AtomicReference<>();
        private final ScheduledFuture<?> task;
        private volatile boolean passed;

        Deadline() {
            task = deadlines.schedule(this::pass, props.timeout().toNanos(), TimeUnit.NANOSECONDS);
        }

        private void pass() {
            passed = true;
            HttpGet get = inFlight.get();
            if (get != null) {
                get.cancel();
            }
        }

        /** The request for the next hop; cancelled at once if the deadline passed between hops. */
        HttpGet start(URI uri) throws IOException {
            HttpGet get = new HttpGet(uri);
            inFlight.set(get);
            if (passed) {
                get.cancel();
                throw new java.io.InterruptedIOException("deadline passed before " + uri);
            }
            return get;
        }

        boolean passed() {
            return passed;
        }

        /** The fetch failed: no deadline to keep, and no connection left open for a response not handed on. */
        void abandon() {
            close();
            HttpGet get = inFlight.get();
            if (get != null) {
                get.cancel();
            }
        }

        @Override
        public void close() {
            task.cancel(false);
        }
    }

    /** The response body as the upload reads it: a failure is the import's; closing before the end hangs up. */
    private final class Body extends FilterInputStream {
        private final HttpGet get;
        private final ClassicHttpResponse response;
        private final URI from;
        private final Deadline deadline;
        private boolean ended;
        private volatile long count;

        Body(InputStream content, HttpGet get, ClassicHttpResponse response, URI from, Deadline deadline) {
            super(content);
            this.get = get;
            this.response = response;
            this.from = from;
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                ended |= b == -1;
                count += b == -1 ? 0 : 1;
                return b;
            } catch (IOException e) {
                throw failure(from, deadline, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                ended |= n == -1;
                count += Math.max(n, 0);
                return n;
            } catch (IOException e) {
                throw failure(from, deadline, e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                if (ended) {
                    response.close();
                } else {
                    hangUp(get, response);
                }
            } finally {
                deadline.close();
            }
        }
    }

    /** What can be refused without connecting: the scheme, credentials, and a host that is an address literal. */
    private URI check(URI uri) {
        WebUrl.check(uri, USE);
        String host = uri.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress literal;
        try {
            literal = InetAddress.ofLiteral(bare);
        } catch (IllegalArgumentException aName) {
            return uri;   // the resolver checks what the name resolves to
        }
        policy.check(literal).ifPresent(refusal -> {
            throw new UrlRefusedException(refusal.id(), host + " is " + refusal.address()
                    + "; imports fetch from public addresses only");
        });
        return uri;
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        resolver.close();
        client.close();
        connections.close();
    }
}
