package dev.pixflow.app.delivery.listener;

import dev.pixflow.app.delivery.DeliveryResponses;
import io.netty.util.AsciiString;

import java.time.Instant;

/** The Date header, formatted once a second rather than once a response. */
final class HttpDate {
    private record Formatted(long second, AsciiString value) {
    }

    private volatile Formatted last = new Formatted(-1, AsciiString.EMPTY_STRING);

    AsciiString now() {
        long second = System.currentTimeMillis() / 1000;
        Formatted f = last;
        if (f.second() != second) {
            f = new Formatted(second, new AsciiString(DeliveryResponses.httpDate(Instant.ofEpochSecond(second))));
            last = f;
        }
        return f.value();
    }
}
