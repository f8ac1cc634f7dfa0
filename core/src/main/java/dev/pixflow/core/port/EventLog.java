package dev.pixflow.core.port;

import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.domain.LoggedEvent;
import java.time.Instant;
import java.util.List;

/**
 * The durable, ordered record of what happened to images, kept in the catalogue's own database. It is
 * read by those that tell others (webhooks, a stream) and by the analytics export and statistics, each
 * keeping its own place in it. The catalogue ({@link ImageRecords}, {@link RenditionRecords}) appends {@code image.stored},
 * {@code rendition.ready}, {@code rendition.deleted}, {@code image.deleted} and {@code image.expired} in the
 * transactions that make them true; {@link #append} is for the rest ({@code job.dead}).
 */
public interface EventLog {

    /** Records an event that no catalogue transaction carries. */
    void append(ImageEvent event);

    /** Up to {@code limit} events after {@code sequence}, in order. */
    List<LoggedEvent> after(long sequence, int limit);

    /** Up to {@code limit} events after {@code sequence} that occurred in [{@code from}, {@code to}), in order. */
    List<LoggedEvent> between(Instant from, Instant to, long sequence, int limit);

    /**
     * Deletes up to {@code limit} of the oldest events that occurred before {@code before}, whose sequence
     * is at most {@code passed} (every reader has read them), and that no webhook delivery names (a
     * pending one still sends the event; a finished one shows it in its hook's log until the log is
     * pruned). The number deleted.
     */
    int prune(Instant before, long passed, int limit);

    /**
     * A hint, after a commit in this process that appended events, so a reader need not wait for its
     * next poll; events appended by other processes are found by polling.
     */
    void onAppended(Runnable listener);
}
