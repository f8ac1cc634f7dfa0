package dev.pixflow.app.delivery;

import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.usecase.Delivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletWebRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Writes delivered bytes the cheapest way there is, with the headers a CDN wants: Cache-Control,
 * a strong ETag, Last-Modified, Vary when the format came from Accept, and never a cookie.
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
    /** Ids are never reused and a variant's bytes change only with its recipe, which changes its key. */
    public static final CacheControl IMMUTABLE = CacheControl.maxAge(365, TimeUnit.DAYS).cachePublic().immutable();

    static final String SENDFILE_SUPPORTED = "org.apache.tomcat.sendfile.support";
    static final String SENDFILE_FILENAME = "org.apache.tomcat.sendfile.filename";
    static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";
    static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";

    private final BlobStore blobs;
    private final HotRenditions hot;
    private final Counter viaMemory;
    private final Counter viaSendfile;
    private final Counter viaStream;
    private final Counter viaRange;
    private final Counter notModified;

    public DeliveryResponses(BlobStore blobs, HotRenditions hot, MeterRegistry registry) {
        this.blobs = blobs;
        this.hot = hot;
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
     * Answers with {@code d}. Returns null when the response was written here (Spring then leaves it
     * alone), or an entity for Spring to write (Range requests).
     *
     * @param varyOnAccept the format was chosen from Accept, so caches must key on it
     * @param temporary    a file made for this response only (result cache off), deleted after it
     */
    public ResponseEntity<Resource> send(Delivery d, boolean varyOnAccept, Optional<Path> temporary,
                                         HttpServletRequest request, HttpServletResponse response) throws IOException {
        temporary.ifPresent(DeliveryResponses::deleteAfterRequest);
        String etag = "\"" + d.etag() + "\"";
        if (request.getHeader(HttpHeaders.RANGE) != null) {
            viaRange.increment();
            ResponseEntity.BodyBuilder ok = ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType(d.mediaType()))
                    .contentLength(d.blob().size())
                    .eTag(etag)
                    .lastModified(d.lastModified())
                    .cacheControl(IMMUTABLE)
                    .header("X-Content-Type-Options", "nosniff");
            if (varyOnAccept) {
                ok.varyBy(HttpHeaders.ACCEPT);
            }
            return ok.body(resource(d));
        }
        response.setHeader(HttpHeaders.CACHE_CONTROL, IMMUTABLE.getHeaderValue());
        if (varyOnAccept) {
            response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        }
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        // Sets ETag and Last-Modified, and answers 304 (or 412 for a failed If-Match) when it applies.
        if (new ServletWebRequest(request, response).checkNotModified(etag, d.lastModified().toEpochMilli())) {
            notModified.increment();
            return null;
        }
        response.setContentType(d.mediaType());
        response.setContentLengthLong(d.blob().size());
        if ("HEAD".equals(request.getMethod())) {
            return null;
        }
        if (temporary.isPresent()) {
            viaStream.increment();
            try (OutputStream out = response.getOutputStream()) {
                Files.copy(temporary.get(), out);
            }
            return null;
        }
        byte[] bytes = hot.bytes(d.blob(), blobs);
        if (bytes != null) {
            viaMemory.increment();
            response.getOutputStream().write(bytes);
            return null;
        }
        Optional<Path> local = d.blob().localFile();
        if (local.isPresent() && Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORTED))) {
            viaSendfile.increment();
            request.setAttribute(SENDFILE_FILENAME, local.get().toAbsolutePath().toString());
            request.setAttribute(SENDFILE_START, 0L);
            request.setAttribute(SENDFILE_END, d.blob().size());
            return null;
        }
        viaStream.increment();
        try (InputStream in = blobs.open(d.blob().key(), 0)) {
            in.transferTo(response.getOutputStream());
        }
        return null;
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
