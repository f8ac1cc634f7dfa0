package dev.pixflow.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Applies {@link RateLimits} to the requests that bring images: a synchronous upload or import
 * ({@code POST /v1/images}) and the start of a multipart upload count as uploads; their bodies and
 * parts count as bytes, by Content-Length before anything is read (refused bodies are never read), or,
 * when the length was not declared, as they are read: the allowance is taken in blocks ahead of the
 * reads, and a body that runs past it is refused there (what is not used is given back). A form sent
 * in chunks is read by Tomcat past any stream of ours, so its parts are charged once read. Runs after
 * the API key filter; requests without a key (a server in open mode) are not limited.
 */
public final class RateLimitFilter extends OncePerRequestFilter {
    private static final Pattern PART = Pattern.compile("/v1/uploads/[^/]+/parts/[^/]+");

    private final RateLimits limits;
    private final HandlerExceptionResolver problems;

    public RateLimitFilter(RateLimits limits, HandlerExceptionResolver problems) {
        this.limits = limits;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = Authenticated.of(request).flatMap(Authenticated::keyId).orElse(null);
        String path = request.getRequestURI().substring(request.getContextPath().length());
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
            if (body && declared > 0) {
                limits.takeBytes(key, declared);
            }
        } catch (RateLimits.RateLimitedException e) {
            problems.resolveException(request, response, null, e);
            return;
        }
        if (body && declared < 0) {
            // A body of unknown length starts only on some allowance, so a key in debt is refused chunked
            // as it is with a length.
            long granted = limits.takeAvailableBytes(key, BLOCK);
            if (granted == 0) {
                problems.resolveException(request, response, null, limits.bytesUsedUp(key, 0));
                return;
            }
            MeteredRequest metered = new MeteredRequest(request, limits, key, granted);
            try {
                chain.doFilter(metered, response);
            } finally {
                metered.settle();
            }
        } else {
            chain.doFilter(request, response);
        }
    }

    /** How much allowance a body of unknown length takes ahead of its reads: a store round trip per block where the buckets are shared. */
    static final long BLOCK = 1024 * 1024;

    /**
     * Meters what the controller reads of a body whose length was not declared: through its stream,
     * refused where it runs past the key's allowance; or as a form's parts, which Tomcat reads from its
     * own stream when they are first asked for, charged once read.
     */
    private static final class MeteredRequest extends HttpServletRequestWrapper {
        private final RateLimits limits;
        private final String key;
        private final AtomicLong read = new AtomicLong();
        private final AtomicLong granted;
        private boolean partsCounted;

        MeteredRequest(HttpServletRequest request, RateLimits limits, String key, long granted) {
            super(request);
            this.limits = limits;
            this.key = key;
            this.granted = new AtomicLong(granted);
        }

        /** {@code n} more bytes read: more allowance taken when they pass what was taken; refused when none is left. */
        private void meter(long n) {
            long total = read.addAndGet(n);
            while (total > granted.get()) {
                long more = limits.takeAvailableBytes(key, Math.max(BLOCK, total - granted.get()));
                if (more == 0) {
                    throw limits.bytesUsedUp(key, total);
                }
                granted.addAndGet(more);
            }
        }

        /** Gives back the allowance taken and not read, or charges what was read past it. */
        void settle() {
            long unused = granted.get() - read.get();
            if (unused > 0) {
                limits.returnBytes(key, unused);
            } else if (unused < 0) {
                limits.chargeBytes(key, -unused);
            }
        }

        @Override
        public Collection<Part> getParts() throws IOException, ServletException {
            Collection<Part> parts = super.getParts();
            if (!partsCounted) {
                partsCounted = true;
                read.addAndGet(parts.stream().mapToLong(Part::getSize).sum());
            }
            return parts;
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
