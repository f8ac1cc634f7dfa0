package dev.pixflow.core.port;

import dev.pixflow.core.domain.Webhook;
import dev.pixflow.core.domain.LoggedEvent;

import java.io.IOException;

/** Sends one event to one hook, signed with its secret; the adapter owns the wire format and HTTP. */
public interface WebhookSender {

    /** The receiver's HTTP status; an exception when there was none (refused address, timeout, connection). */
    int send(Webhook hook, LoggedEvent event) throws IOException;
}
