package dev.pixflow.adapter.queue.sqs;

import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.port.EventPublisher;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Events as messages on an SQS queue, ten to a batch request. On a FIFO queue ({@code .fifo}) each
 * image is a message group, so its events arrive in order, and the event id deduplicates a batch sent
 * again after a crash; a standard queue orders only roughly, and a receiver drops repeats by the id.
 */
public final class SqsEventPublisher implements EventPublisher {
    private static final int BATCH = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final boolean fifo;
    private final Function<LoggedEvent, String> body;

    /** @param body the event's JSON, the same a webhook receives */
    public SqsEventPublisher(SqsClient sqs, String queueUrl, Function<LoggedEvent, String> body) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.fifo = queueUrl.endsWith(".fifo");
        this.body = body;
    }

    @Override
    public void publish(List<LoggedEvent> events) {
        for (int from = 0; from < events.size(); from += BATCH) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (LoggedEvent e : events.subList(from, Math.min(events.size(), from + BATCH))) {
                SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
                        .id(Long.toString(e.sequence()))
                        .messageBody(body.apply(e));
                if (fifo) {
                    entry.messageGroupId(e.event().imageId().value()).messageDeduplicationId(e.event().id().toString());
                }
                entries.add(entry.build());
            }
            SendMessageBatchResponse sent = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            if (!sent.failed().isEmpty()) {
                // The whole batch is sent again: on a FIFO queue the ones that went through are deduplicated.
                throw new IllegalStateException("SQS refused " + sent.failed().size() + " of " + entries.size()
                        + " events, first: " + sent.failed().getFirst().message());
            }
        }
    }
}
