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
 * parts count as bytes, by Content-Length before anything is read (refused bodies are never read), or
 * as read when the length was not declared (such a body needs a byte of allowance left to start). Runs after the API key filter; requests without a key
 * (a server in open mode) are not limited.
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
            } else if (body && declared < 0) {
                // A body of unknown length starts only on a byte of allowance, so a key in debt is refused
                // chunked as it is with a length; what the body brought is charged when it is read.
                limits.takeBytes(key, 1);
            }
        } catch (RateLimits.RateLimitedException e) {
            problems.resolveException(request, response, null, e);
            return;
        }
        if (body && declared < 0) {
            CountingRequest counting = new CountingRequest(request);
            try {
                chain.doFilter(counting, response);
            } finally {
                limits.chargeBytes(key, counting.read.get() - 1);
            }
        } else {
            chain.doFilter(request, response);
        }
    }

    /**
     * Counts what the controller reads of a body whose length was not declared: through its stream, or
     * as a form's parts, which Tomcat reads from its own stream when they are first asked for.
     */
    private static final class CountingRequest extends HttpServletRequestWrapper {
        final AtomicLong read = new AtomicLong();
        private boolean partsCounted;

        CountingRequest(HttpServletRequest request) {
            super(request);
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
                        read.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = in.read(buf, off, len);
                    if (n > 0) {
                        read.addAndGet(n);
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
