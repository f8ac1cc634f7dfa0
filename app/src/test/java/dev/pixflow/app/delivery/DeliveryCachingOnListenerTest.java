package dev.pixflow.app.delivery;

import dev.pixflow.app.delivery.listener.DeliveryListener;
import dev.pixflow.app.support.Http;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every caching rule of {@link DeliveryCachingTest}, asked of the delivery listener: what it answers
 * itself (a kept answer for anyone) and what it forwards to the controllers (the first request, a key,
 * HEAD... a revalidation, a range, an expired link) carry the same headers as on the server's port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(DeliveryCachingTest.Clocks.class)
class DeliveryCachingOnListenerTest extends DeliveryCachingTest {

    @DynamicPropertySource
    static void onTheListener(DynamicPropertyRegistry r) {
        r.add("pixflow.delivery.listener-port", () -> "0");
    }

    @Autowired
    DeliveryListener listener;

    @Autowired
    MeterRegistry registry;

    private Http delivery;

    @Override
    protected Http delivery() {
        if (delivery == null) {
            delivery = new Http(listener.port());
        }
        return delivery;
    }

    /** The rules above hold on both ways through the listener: it answered some requests itself, and forwarded others. */
    @Test
    void theListenerAnswersKeptAnswersAndForwardsTheRest() throws Exception {
        double answered = count("listener");
        double forwarded = count("forwarded");
        String id = upload("public");
        expect(anonymous(), "/i/" + id + "/thumb", PUBLIC_YEAR, null, null);
        // The first GET renders, the 304 and the 206 are the controllers'; the next GET and the HEAD are kept.
        assertThat(count("listener") - answered).isEqualTo(2);
        assertThat(count("forwarded") - forwarded).isEqualTo(3);
    }

    private double count(String answered) {
        return registry.counter("pixflow.delivery.listener.requests", "answered", answered).count();
    }
}
