package dev.pixflow.app.ui;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test's view of the presigned part PUTs the server hands out: every {@code POST
 * /v1/uploads/{id}/parts/{n}/presign}, and, when {@link #holdFirst(int) armed}, the first one for one
 * part number held unanswered until {@link #release() released}, then refused with 503. The parts
 * themselves go to the bucket, past the server, so holding their signing is how a test stops an
 * upload at a known point.
 */
final class PresignRequests extends OncePerRequestFilter {
    private static final Pattern PRESIGN = Pattern.compile("/v1/uploads/([^/]+)/parts/(\\d+)/presign");

    record Presign(String uploadId, int partNumber) {
    }

    private final List<Presign> seen = new CopyOnWriteArrayList<>();
    private final AtomicBoolean heldOnce = new AtomicBoolean();
    private volatile int holdPart;
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(0);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher m = PRESIGN.matcher(request.getRequestURI());
        if (!"POST".equals(request.getMethod()) || !m.matches()) {
            chain.doFilter(request, response);
            return;
        }
        int number = Integer.parseInt(m.group(2));
        seen.add(new Presign(m.group(1), number));
        if (number == holdPart && heldOnce.compareAndSet(false, true)) {
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

    /** From now on, the first presign of part {@code number} (of any upload) waits for {@link #release()}. */
    void holdFirst(int number) {
        heldOnce.set(false);
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

    long count(String uploadId, int partNumber) {
        return seen.stream().filter(p -> p.uploadId().equals(uploadId) && p.partNumber() == partNumber).count();
    }
}
