package dev.pixflow.adapter.queue.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixflow.core.domain.IncomingObject;
import dev.pixflow.core.port.ObjectEvents;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * S3 event notifications ({@code ObjectCreated:*}, JSON as S3 sends them to SQS) from their own queue.
 * Only keys under the given prefixes count: Pixflow's other writes to the bucket, and test events, are
 * acknowledged and dropped. S3 URL-encodes keys in events; they are decoded here.
 */
public final class SqsObjectEvents implements ObjectEvents {
    private static final Logger LOG = Logger.getLogger(SqsObjectEvents.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;
    private final List<String> prefixes;
    private final int waitSeconds;

    public SqsObjectEvents(SqsClient sqs, URI queueUrl, List<String> prefixes, Duration longPoll) {
        this.sqs = sqs;
        this.queueUrl = queueUrl.toString();
        this.prefixes = List.copyOf(prefixes);
        this.waitSeconds = (int) longPoll.toSeconds();
    }

    @Override
    public Optional<IncomingObject> next(Duration hold) {
        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1).waitTimeSeconds(waitSeconds)
                .visibilityTimeout((int) Math.max(1, hold.toSeconds()))).messages();
        if (got.isEmpty()) {
            return Optional.empty();
        }
        Message m = got.getFirst();
        Optional<IncomingObject> event = parse(m);
        if (event.isEmpty()) {
            delete(m.receiptHandle());
        }
        return event;
    }

    private Optional<IncomingObject> parse(Message m) {
        try {
            JsonNode records = JSON.readTree(m.body()).path("Records");
            // S3 sends one record per message; a configuration's s3:TestEvent has none.
            for (JsonNode r : records) {
                if (!r.path("eventName").asText().startsWith("ObjectCreated:")) {
                    continue;
                }
                JsonNode s3 = r.path("s3");
                String key = URLDecoder.decode(s3.path("object").path("key").asText(), StandardCharsets.UTF_8);
                if (prefixes.stream().noneMatch(key::startsWith) || key.endsWith("/")) {
                    continue;
                }
                return Optional.of(new IncomingObject(s3.path("bucket").path("name").asText(), key,
                        s3.path("object").path("size").asLong(), Instant.parse(r.path("eventTime").asText()),
                        s3.path("object").path("sequencer").asText(""), m.receiptHandle(),
                        s3.path("object").path("eTag").asText("")));
            }
            return Optional.empty();
        } catch (Exception e) {
            LOG.warning(() -> "dropped a message that is no S3 event: " + e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void done(IncomingObject event) {
        delete(event.receipt());
    }

    @Override
    public void retryLater(IncomingObject event, Duration delay) {
        sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(event.receipt())
                .visibilityTimeout((int) Math.max(0, delay.toSeconds())));
    }

    private void delete(String receipt) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(receipt));
    }
}
