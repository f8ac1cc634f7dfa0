package dev.pixflow.app.delivery.listener;

import io.netty.handler.codec.DateFormatter;
import io.netty.util.AsciiString;

import java.time.Instant;
import java.util.Date;

/** HTTP dates (IMF-fixdate) for the listener's headers; the Date header formatted once a second. */
final class HttpDate {
    private record Formatted(long second, AsciiString value) {
    }

    private volatile Formatted last = new Formatted(-1, AsciiString.EMPTY_STRING);

    AsciiString now() {
        long second = System.currentTimeMillis() / 1000;
        Formatted f = last;
        if (f.second() != second) {
            f = new Formatted(second, new AsciiString(DateFormatter.format(new Date(second * 1000))));
            last = f;
        }
        return f.value();
    }

    /** The second of {@code instant}, as Tomcat writes Last-Modified. */
    static String of(Instant instant) {
        return DateFormatter.format(new Date(instant.toEpochMilli()));
    }
}
