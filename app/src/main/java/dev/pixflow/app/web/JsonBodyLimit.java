package dev.pixflow.app.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;

/**
 * A JSON body of the API is small (a key, a hook, a recipe, a list of ids), so one larger than
 * {@link #MAX_BYTES} is refused (413 {@code too-large}) before it is read, or as soon as its bytes pass
 * the limit when it comes chunked, instead of being parsed into memory whatever its size.
 */
@ControllerAdvice
public class JsonBodyLimit extends RequestBodyAdviceAdapter {
    public static final long MAX_BYTES = 1024 * 1024;

    /** The body passed the limit; {@link Problems} answers it as 413. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("a JSON body is at most " + MAX_BYTES + " bytes; nothing was done");
        }
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converter) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converter) throws IOException {
        if (message.getHeaders().getContentLength() > MAX_BYTES) {
            throw new TooLarge();
        }
        InputStream bounded = new Bounded(message.getBody());
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return bounded;
            }

            @Override
            public HttpHeaders getHeaders() {
                return message.getHeaders();
            }
        };
    }

    private static final class Bounded extends FilterInputStream {
        private long read;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > MAX_BYTES) {
                throw new TooLarge();
            }
        }
    }
}
