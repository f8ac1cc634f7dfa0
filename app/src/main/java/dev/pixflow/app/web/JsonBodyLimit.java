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
 * {@link #MAX_BYTES} is refused (413 {@code too-large}) by its declared length, or as soon as its bytes
 * pass the limit when it comes chunked, instead of being parsed into memory whatever its size.
 */
@ControllerAdvice
public class JsonBodyLimit extends RequestBodyAdviceAdapter {
    public static final long MAX_BYTES = 1024 * 1024;
    /** How much of a body past the limit is read and dropped, so that the client hears the 413. */
    private static final long DRAIN_BYTES = 8 * MAX_BYTES;

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
            drain(message.getBody());
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

        private void count(int n) throws IOException {
            read += n;
            if (read > MAX_BYTES) {
                drain(in);
                throw new TooLarge();
            }
        }
    }

    /**
     * Reads on to the body's end, up to {@link #DRAIN_BYTES}, before the 413: Tomcat closes the
     * connection after it, and bytes left unread would reset it under a client still sending, which
     * would then see no answer at all. Past that much, the client gets the reset. (Spring has read the
     * body's first byte by now, so a client waiting on 100-continue has been told to send it.)
     */
    private static void drain(InputStream body) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long drained = 0;
        int n;
        while (drained < DRAIN_BYTES && (n = body.read(buffer)) >= 0) {
            drained += n;
        }
    }
}
