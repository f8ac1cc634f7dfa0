package dev.pixflow.core.port;

import dev.pixflow.core.domain.LoggedEvent;

import java.util.List;

/** Somewhere events are told (a topic, a queue). Returns once every event given is accepted there. */
public interface EventPublisher {

    /** Publishes the events in order; throws when any of them may not have been accepted. */
    void publish(List<LoggedEvent> events) throws Exception;
}
