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
 * A test's view of the part uploads the server is sent: every {@code PUT /v1/uploads/{id}/parts/{n}}
 * with its declared length, and, when {@link #holdFirst(int) armed}, the first PUT of one part number
 * held unanswered (its body unread) until {@link #release() released}, then refused with 503: a
 * server that stalls on one part, so a test can interrupt an upload at a known point.
 */
final class PartRequests extends OncePerRequestFilter {
    private static final Pattern PART = Pattern.compile("/v1/uploads/([^/]+)/parts/(\\d+)");

    /** One part PUT as it arrived. */
    record Put(String uploadId, int partNumber, long contentLength) {
    }

    private final List<Put> puts = new CopyOnWriteArrayList<>();
    private final Map<Integer, Boolean> heldOnce = new ConcurrentHashMap<>();
    private volatile int holdPart;
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(0);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher m = PART.matcher(request.getRequestURI());
        if (!"PUT".equals(request.getMethod()) || !m.matches()) {
            chain.doFilter(request, response);
            return;
        }
        int number = Integer.parseInt(m.group(2));
        puts.add(new Put(m.group(1), number, request.getContentLengthLong()));
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

    /** From now on, the first PUT of part {@code number} (of any upload) waits for {@link #release()}. */
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

    List<Put> of(String uploadId) {
        return puts.stream().filter(p -> p.uploadId().equals(uploadId)).toList();
    }

    long count(String uploadId, int partNumber) {
        return puts.stream().filter(p -> p.uploadId().equals(uploadId) && p.partNumber() == partNumber).count();
    }
}
