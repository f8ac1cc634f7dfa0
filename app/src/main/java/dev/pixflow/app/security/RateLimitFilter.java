package dev.pixflow.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import dev.pixflow.core.domain.MultipartRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Applies {@link RateLimits} to the requests that bring images: a synchronous upload or import
 * ({@code POST /v1/images}) and the start of a multipart upload count as uploads; their bodies and
 * parts count as bytes, by Content-Length before anything is read (refused bodies are never read), or,
 * when the length was not declared, as they are read: the allowance is taken in blocks ahead of the
 * reads, and a body that runs past it is refused there (what is not used is given back). A form sent
 * in chunks would be read by Tomcat past any stream of ours: it needs its length (411) while bytes are
 * limited. Runs after the API key filter; requests without a key (a server in open mode) are not limited.
 */
public final class RateLimitFilter extends OncePerRequestFilter {
    private static final Pattern PART = Pattern.compile("/v1/uploads/[^/]+/parts/[^/]+");

    private final RateLimits limits;
    private final HandlerExceptionResolver problems;
    private final long maxFormBytes;

    /** @param maxFormBytes the largest form the servlet container reads; a longer one it refuses unread (0: none) */
    public RateLimitFilter(RateLimits limits, HandlerExceptionResolver problems, long maxFormBytes) {
        this.limits = limits;
        this.problems = problems;
        this.maxFormBytes = maxFormBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = Authenticated.of(request).flatMap(Authenticated::keyId).orElse(null);
        String path = RequestPaths.of(request);
        boolean upload = "POST".equals(request.getMethod()) && (path.equals("/v1/images") || path.equals("/v1/uploads"));
        boolean body = ("POST".equals(request.getMethod()) && path.equals("/v1/images"))
                || ("PUT".equals(request.getMethod()) && PART.matcher(path).matches());
        if (key == null || !(upload || body)) {
            chain.doFilter(request, response);
            return;
        }
        long declared = request.getContentLengthLong();
        try {
            if (upload) {
                limits.takeUpload(key);
            }
            // A form longer than the container reads is refused by it unread, and a form cannot be metered as read.
            if (body && declared > 0 && !(isForm(request) && maxFormBytes > 0 && declared > maxFormBytes)) {
                try {
                    limits.takeBytes(key, declared);
                } catch (RateLimits.RateLimitedException e) {
                    // A client that waits the Retry-After and sends again must not find its upload spent.
                    if (upload) {
                        limits.returnUpload(key);
                    }
                    throw e;
                }
            }
        } catch (RateLimits.RateLimitedException e) {
            problems.resolveException(request, response, null, e);
            return;
        }
        if (body && declared > 0 && limits.limitsBytes() && !isForm(request)) {
            // Charged by its length before it is read; what is refused before it is read (over a limit, an
            // upload unknown) is given back, so that a declared length alone uses up nothing.
            MeteredRequest metered = new MeteredRequest(request, limits, key, declared, true);
            try {
                chain.doFilter(metered, response);
            } finally {
                metered.settle();
            }
        } else if (body && declared < 0 && limits.limitsBytes()) {
            if (isForm(request)) {
                // Tomcat reads a form's parts past any stream of ours, and a form it fails to parse reports
                // nothing of what it read: a form's bytes are counted by its length or not at all.
                problems.resolveException(request, response, null, new MultipartRejectedException(
                        MultipartRejectedException.Reason.LENGTH_REQUIRED, "send the form with its Content-Length:"
                        + " this key's bytes a minute are counted by it"));
                return;
            }
            // A body of unknown length starts only on some allowance, so a key in debt is refused chunked
            // as it is with a length; one that starts on a full allowance may run past it, as one with a
            // length larger than a minute's may.
            boolean mayRunPast = limits.fullAllowance(key);
            long granted = limits.takeAvailableBytes(key, limits.block());
            if (granted == 0) {
                problems.resolveException(request, response, null, limits.bytesUsedUp(key, 0));
                return;
            }
            MeteredRequest metered = new MeteredRequest(request, limits, key, granted, mayRunPast);
            try {
                chain.doFilter(metered, response);
            } finally {
                metered.settle();
            }
        } else {
            chain.doFilter(request, response);
        }
    }

    /** A form's parts are read by the servlet container, past any stream of ours: counted by its length only. */
    private static boolean isForm(HttpServletRequest request) {
        return request.getContentType() != null && request.getContentType().toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
    }

    /**
     * Meters what the controller reads through the stream of a body: of one whose length was not
     * declared, allowance is taken in blocks ahead of the reads, and the body is refused where it runs
     * past the key's allowance (unless it started on a full one); of one charged by its length, what is
     * not read is given back.
     */
    private static final class MeteredRequest extends HttpServletRequestWrapper {
        private static final Logger LOG = LoggerFactory.getLogger(MeteredRequest.class);
        private final RateLimits limits;
        private final String key;
        private final boolean mayRunPast;
        private final AtomicLong read = new AtomicLong();
        private final AtomicLong granted;

        MeteredRequest(HttpServletRequest request, RateLimits limits, String key, long granted, boolean mayRunPast) {
            super(request);
            this.limits = limits;
            this.key = key;
            this.mayRunPast = mayRunPast;
            this.granted = new AtomicLong(granted);
        }

        /** {@code n} more bytes read: more allowance taken when they pass what was taken; refused when none is left. */
        private void meter(long n) {
            long total = read.addAndGet(n);
            while (total > granted.get()) {
                long more = limits.takeAvailableBytes(key, Math.max(limits.block(), total - granted.get()));
                if (more == 0) {
                    if (mayRunPast) {
                        return;     // what is read past the allowance is charged when the body ends
                    }
                    throw limits.bytesUsedUp(key, total);
                }
                granted.addAndGet(more);
            }
        }

        /**
         * Gives back the allowance taken and not read, or charges what was read past it. The answer is
         * made by then: a bucket store that fails here is logged, never the request's failure.
         */
        void settle() {
            long unused = granted.get() - read.get();
            try {
                if (unused > 0) {
                    limits.returnBytes(key, unused);
                } else if (unused < 0) {
                    limits.chargeBytes(key, -unused);
                }
            } catch (RuntimeException e) {
                LOG.warn("could not settle {} bytes of key {}'s allowance", unused, key, e);
            }
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        meter(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = in.read(buf, off, len);
                    if (n > 0) {
                        meter(n);
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
