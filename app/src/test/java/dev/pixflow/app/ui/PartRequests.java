package dev.pixflow.app.ui;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test's view of the part requests the server is sent: every {@code PUT /v1/uploads/{id}/parts/{n}}
 * ({@link #puts()}) or every {@code POST /v1/uploads/{id}/parts/{n}/presign} ({@link #presigns()}),
 * with its declared length; and, when {@link #holdFirst(int) armed}, the first of one part number held
 * unanswered (its body unread) until {@link #release() released}, then refused with 503: a server that
 * stalls on one part, so a test can interrupt an upload at a known point. Presigned parts go to the
 * bucket, past the server, so holding their signing is how a test stops such an upload.
 */
final class PartRequests extends OncePerRequestFilter {
    private final String method;
    private final Pattern path;

    /** One part request as it arrived. */
    record Sent(String uploadId, int partNumber, long contentLength) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Map<Integer, Boolean> heldOnce = new ConcurrentHashMap<>();
    private volatile int holdPart;
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(0);

    private PartRequests(String method, String path) {
        this.method = method;
        this.path = Pattern.compile(path);
    }

    /** The parts sent through the server. */
    static PartRequests puts() {
        return new PartRequests("PUT", "/v1/uploads/([^/]+)/parts/(\\d+)");
    }

    /** The parts' presigned requests, asked of the server before each part goes to the bucket. */
    static PartRequests presigns() {
        return new PartRequests("POST", "/v1/uploads/([^/]+)/parts/(\\d+)/presign");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher m = path.matcher(request.getRequestURI());
        if (!method.equals(request.getMethod()) || !m.matches()) {
            chain.doFilter(request, response);
            return;
        }
        int number = Integer.parseInt(m.group(2));
        sent.add(new Sent(m.group(1), number, request.getContentLengthLong()));
        if (number == holdPart && heldOnce.putIfAbsent(number, true) == null) {
            held.countDown();
            try {
                release.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            response.sendError(503);
            return;
        }
        chain.doFilter(request, response);
    }

    /** From now on, the first request of part {@code number} (of any upload) waits for {@link #release()}. */
    void holdFirst(int number) {
        heldOnce.clear();
        held = new CountDownLatch(1);
        release = new CountDownLatch(1);
        holdPart = number;
    }

    boolean holding() {
        return held.getCount() == 0 && release.getCount() > 0;
    }

    void release() {
        holdPart = 0;
        release.countDown();
    }

    List<Sent> of(String uploadId) {
        return sent.stream().filter(p -> p.uploadId().equals(uploadId)).toList();
    }

    long count(String uploadId, int partNumber) {
        return sent.stream().filter(p -> p.uploadId().equals(uploadId) && p.partNumber() == partNumber).count();
    }
}
