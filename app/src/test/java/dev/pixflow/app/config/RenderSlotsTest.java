package dev.pixflow.app.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** How many renders run at once on request threads: one more than the cores unless set. */
class RenderSlotsTest {

    private static PixflowProperties.Delivery delivery(MockEnvironment env) {
        return Binder.get(env).bindOrCreate("pixflow.delivery", PixflowProperties.Delivery.class);
    }

    @Test
    void oneMoreThanTheCoresByDefault() {
        assertThat(delivery(new MockEnvironment()).slots()).isEqualTo(Runtime.getRuntime().availableProcessors() + 1);
    }

    @Test
    void aSetNumberIsTakenAsIs() {
        assertThat(delivery(new MockEnvironment().withProperty("pixflow.delivery.render-slots", "1")).slots()).isEqualTo(1);
    }
}
