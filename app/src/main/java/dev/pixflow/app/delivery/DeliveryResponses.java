package dev.pixflow.app.delivery;

import dev.pixflow.core.delivery.Caching;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.usecase.Delivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourceRegion;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.ResourceRegionHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes delivered bytes the cheapest way there is, with the headers a CDN wants: Cache-Control (and
 * Expires) as {@link Caching} decides, a strong ETag, Last-Modified, Vary when the format came from
 * Accept or the bytes from the caller's key, and never a cookie.
 *
 * <ul>
 *   <li>a small rendition: from {@link HotRenditions}, one write of bytes already in memory;</li>
 *   <li>a larger file on the local disk: Tomcat's sendfile (the request attributes its DefaultServlet
 *       uses), so the kernel copies page cache to the socket and the bytes never enter the JVM;</li>
 *   <li>a remote blob (S3): streamed through a fixed buffer, never held whole;</li>
 *   <li>a Range request: Spring's resource regions over the same file or stream.</li>
 * </ul>
 * Which way each response went is counted in {@code pixflow_delivery_responses_total{via}}.
 */
public final class DeliveryResponses {
    private static final Duration YEAR = Duration.ofDays(365);
    /** The one range unit served; a Range in another unit is ignored, as RFC 9110 allows. */
    private static final String BYTES_UNIT = "bytes=";
    private static final ResourceRegionHttpMessageConverter REGIONS = new ResourceRegionHttpMessageConverter();
    private static final java.util.regex.Pattern TOO_LONG = java.util.regex.Pattern.compile("\\d{19,}");
    private static final java.util.regex.Pattern LEADING_ZEROS = java.util.regex.Pattern.compile("(?<!\\d)0+(?=\\d)");
    /** RFC 9110's IMF-fixdate (Java's RFC_1123 formatter leaves the day unpadded). */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    /** Any page may read what delivery answers ({@link DeliveryCors}), the same for every origin. */
    public static final String ALLOW_ORIGIN = "*";
    /** What a page's script may read of an answer beside the headers CORS always lets it: a Range's. */
    public static final String EXPOSE_HEADERS = "ETag, Content-Range, Accept-Ranges";
    /** Ids are never reused and a variant's bytes change only with its recipe, which changes its key. */
    static final String IMMUTABLE_VALUE = CacheControl.maxAge(YEAR).cachePublic().immutable().getHeaderValue();
    /** What a key decided: never a shared cache's; the viewer's browser revalidates each use. */
    static final String VIEWER_ONLY = CacheControl.noCache().cachePrivate().getHeaderValue();

    static final String SENDFILE_SUPPORTED = "org.apache.tomcat.sendfile.support";
    static final String SENDFILE_FILENAME = "org.apache.tomcat.sendfile.filename";
    static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";
    static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";

    private final BlobStore blobs;
    private final HotRenditions hot;
    private final Clock clock;
    private final Counter viaMemory;
    private final Counter viaSendfile;
    private final Counter viaStream;
    private final Counter viaRange;
    private final Counter notModified;

    public DeliveryResponses(BlobStore blobs, HotRenditions hot, Clock clock, MeterRegistry registry) {
        this.blobs = blobs;
        this.hot = hot;
        this.clock = clock;
        this.viaMemory = counter(registry, "memory");
        this.viaSendfile = counter(registry, "sendfile");
        this.viaStream = counter(registry, "stream");
        this.viaRange = counter(registry, "range");
        this.notModified = counter(registry, "not-modified");
    }

    private static Counter counter(MeterRegistry registry, String via) {
        return Counter.builder("pixflow.delivery.responses").tag("via", via)
                .description("delivery responses by how the bytes were sent").register(registry);
    }

    /**
     * Answers with {@code answer}, written to {@code response} here: Spring has nothing left to write.
     *
     * @param caching who may keep the answer and until when; the same on 200, 206, 304 and HEAD
     */
    public void send(Answer answer, Caching caching, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Delivery d = answer.found().delivery();
        Optional<Path> temporary = answer.temporary();
        temporary.ifPresent(DeliveryResponses::deleteAfterRequest);
        Headers h = headers(answer, caching);
        String etag = h.etag();
        response.setHeader(HttpHeaders.CACHE_CONTROL, h.cacheControl());
        if (h.vary() != null) {
            response.setHeader(HttpHeaders.VARY, h.vary());
        }
        if (h.expires() != null) {
            response.setHeader(HttpHeaders.EXPIRES, h.expires());
        }
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSE_HEADERS);
        response.setHeader(HttpHeaders.ETAG, etag);
        response.setHeader(HttpHeaders.LAST_MODIFIED, httpDate(d.lastModified()));
        switch (Preconditions.evaluate(request, etag, d.lastModified(), clock.instant())) {
            case NOT_MODIFIED -> {
                response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
                response.setStatus(HttpStatus.NOT_MODIFIED.value());
                notModified.increment();
                return;
            }
            case FAILED -> {
                response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
                throw new PreconditionFailedException("If-Match or If-Unmodified-Since does not hold for "
                        + etag + ", last modified " + httpDate(d.lastModified()));
            }
            case PROCEED -> { }
        }
        // After the conditions, as RFC 9110 orders them; for GET only, and in bytes.
        String range = request.getHeader(HttpHeaders.RANGE);
        // The unit's name is case-insensitive (RFC 9110, 14.1); Spring's parser knows it in lower case only.
        String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
        // A result rendered for this request alone may differ from an earlier render's bytes under the same
        // date: only its strong ETag, which names these very bytes, may join a range to what a client holds.
        boolean byDateOfARender = temporary.isPresent() && ifRange != null && !ifRange.startsWith("\"");
        if (range != null && "GET".equals(request.getMethod()) && range.regionMatches(true, 0, BYTES_UNIT, 0, BYTES_UNIT.length())
                && !byDateOfARender && Preconditions.rangeStillApplies(ifRange, etag, d.lastModified())) {
            Resource resource = resource(d);
            List<ResourceRegion> regions;
            try {
                // A position too large for a long is past the end of any file (RFC 9110, 14.1.2: a last
                // position past it stands for the end), which Spring's parser would refuse as malformed.
                String positions = LEADING_ZEROS.matcher(range.substring(BYTES_UNIT.length())).replaceAll("");
                List<HttpRange> ranges = HttpRange.parseRanges(BYTES_UNIT
                        + TOO_LONG.matcher(positions).replaceAll(Long.toString(Long.MAX_VALUE)));
                if (ranges.isEmpty()) {
                    throw new IllegalArgumentException("no range in '" + range + "'");
                }
                regions = HttpRange.toResourceRegions(ranges, resource);
            } catch (IllegalArgumentException e) {
                if (e.getCause() instanceof IOException vanished) {
                    throw new UncheckedIOException(vanished);
                }
                // Spring's own wording names its parser's fields; the client is told what it sent.
                response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
                throw new RangeNotSatisfiableException(d.blob().size(), "the range '" + range + "' is malformed, starts past"
                        + " the end of the " + d.blob().size() + " bytes, or asks for more ranges than the whole");
            }
            viaRange.increment();
            // Written here, not by returning the Resource for Spring to cut: its handling of a returned
            // entity judges If-Modified-Since once more, its own way (a date in the future counts), after
            // Preconditions has. The headers above stay; the converter writes Content-Range and the
            // region's length, or a multipart/byteranges body, which has no length of its own (the whole
            // file's would leave the client waiting for bytes that never come).
            response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
            response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
            REGIONS.write(regions, null, MediaType.parseMediaType(d.mediaType()), new ServletServerHttpResponse(response));
            return;
        }
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setContentType(d.mediaType());
        response.setContentLengthLong(d.blob().size());
        if ("HEAD".equals(request.getMethod())) {
            return;
        }
        if (temporary.isPresent()) {
            viaStream.increment();
            try (OutputStream out = response.getOutputStream()) {
                Files.copy(temporary.get(), out);
            }
            return;
        }
        byte[] bytes = hot.bytes(d.blob(), blobs);
        if (bytes != null) {
            viaMemory.increment();
            response.getOutputStream().write(bytes);
            return;
        }
        Optional<Path> local = d.blob().localFile();
        if (local.isPresent() && Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORTED))) {
            viaSendfile.increment();
            request.setAttribute(SENDFILE_FILENAME, local.get().toAbsolutePath().toString());
            request.setAttribute(SENDFILE_START, 0L);
            request.setAttribute(SENDFILE_END, d.blob().size());
            return;
        }
        viaStream.increment();
        try (InputStream in = blobs.open(d.blob().key(), 0)) {
            in.transferTo(response.getOutputStream());
        }
    }

    /**
     * What every answer of these bytes says about them, on 200, 206, 304 and HEAD alike.
     *
     * @param vary    null when the answer is the same whatever the request's Accept and key
     * @param expires null unless a shared cache may keep it until a set time
     */
    public record Headers(String cacheControl, String vary, String expires, String etag, Instant lastModified,
                          String mediaType, long length) {
    }

    public Headers headers(Answer answer, Caching caching) {
        Delivery d = answer.found().delivery();
        String expires = caching.shared() ? caching.until().map(DeliveryResponses::httpDate).orElse(null) : null;
        return new Headers(cacheControl(caching), vary(answer.negotiated(), caching), expires, "\"" + d.etag() + "\"",
                d.lastModified(), d.mediaType(), d.blob().size());
    }

    /** Bytes that can be sent without waiting on a remote store. */
    public sealed interface LocalBytes {
    }

    /** Bytes already in memory. */
    public record InMemory(byte[] bytes) implements LocalBytes {
    }

    /** A file on this machine's disk, for the kernel to send. */
    public record OnDisk(Path file) implements LocalBytes {
    }

    /**
     * The answer's bytes from memory (counted as sent so) or the local disk; empty when they must be read
     * from a remote store (S3), which only the controllers' blocking path does.
     */
    public Optional<LocalBytes> localBytes(Answer answer) throws IOException {
        Delivery d = answer.found().delivery();
        if (answer.temporary().isPresent()) {
            return Optional.empty();
        }
        Optional<Path> local = d.blob().localFile();
        byte[] bytes = local.isPresent() ? hot.bytes(d.blob(), blobs) : hot.kept(d.blob());
        if (bytes != null) {
            viaMemory.increment();
            return Optional.of(new InMemory(bytes));
        }
        // Counted by the caller once the file is open (sentFromDisk): it may have gone meanwhile.
        return local.map(OnDisk::new);
    }

    /** Counts a response whose bytes a caller kept in memory itself (the listener's copy outside the heap). */
    public void sentFromMemory() {
        viaMemory.increment();
    }

    /** Counts a response whose file a caller sends by sendfile itself (the listener's file region). */
    public void sentFromDisk() {
        viaSendfile.increment();
    }

    /**
     * A year and immutable for what anyone may keep forever; up to the expiry for what expires; for a
     * viewer's own answer, their browser only, asking the origin again on each use (a revoked key, a
     * signed-out session or a deleted image stops at once; a 304 costs little).
     */
    private String cacheControl(Caching caching) {
        if (!caching.shared()) {
            return VIEWER_ONLY;
        }
        if (caching.until().isEmpty()) {
            return IMMUTABLE_VALUE;
        }
        long seconds = Math.max(0, Math.min(YEAR.toSeconds(),
                caching.until().get().getEpochSecond() - clock.instant().getEpochSecond()));
        return "max-age=" + seconds + ", public, immutable";
    }

    private static String vary(boolean negotiated, Caching caching) {
        if (negotiated) {
            return caching.variesByCaller() ? "Accept, Authorization" : HttpHeaders.ACCEPT;
        }
        return caching.variesByCaller() ? HttpHeaders.AUTHORIZATION : null;
    }

    /** An HTTP date (IMF-fixdate), to the second: Last-Modified, Expires and Date on either port. */
    public static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant.atOffset(ZoneOffset.UTC));
    }

    private Resource resource(Delivery d) {
        return d.blob().localFile().<Resource>map(FileSystemResource::new)
                .orElseGet(() -> new BlobResource(blobs, d.blob()));
    }

    private static void deleteAfterRequest(Path file) {
        RequestContextHolder.currentRequestAttributes().registerDestructionCallback("pixflow.temporary." + file,
                () -> {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException ignored) {
                        // The spool is swept at the next start.
                    }
                }, RequestAttributes.SCOPE_REQUEST);
    }
}
