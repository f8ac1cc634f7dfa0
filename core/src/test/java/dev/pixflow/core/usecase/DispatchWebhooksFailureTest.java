package dev.pixflow.core.usecase;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

/** What the delivery log says of an attempt that got no answer. */
class DispatchWebhooksFailureTest {

    @Test
    void aFailureWithoutAMessageOfItsOwnSaysItsCauses() {
        ConnectException refused = new ConnectException();
        refused.initCause(new ConnectException("Connection refused"));
        assertThat(DispatchWebhooks.failure(refused)).isEqualTo("ConnectException: Connection refused");
        assertThat(DispatchWebhooks.failure(new IOException("timed out"))).isEqualTo("IOException: timed out");
        assertThat(DispatchWebhooks.failure(new ConnectException())).isEqualTo("ConnectException");
    }
}
