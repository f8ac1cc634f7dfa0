package dev.pixflow.app.events.stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A batch size that would publish nothing, or read without a limit, stops the start with its reason. */
class EventStreamPropertiesTest {

    private static EventStreamProperties bind(MockEnvironment env) {
        return Binder.get(env).bindOrCreate("pixflow.events", EventStreamProperties.class);
    }

    @Test
    void theDefaultBatchIsAHundred() {
        assertThat(bind(new MockEnvironment()).batch()).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "10001"})
    void aBatchOutOfRangeIsRefused(String batch) {
        assertThatThrownBy(() -> bind(new MockEnvironment().withProperty("pixflow.events.batch", batch)))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("pixflow.events.batch");
    }
}
