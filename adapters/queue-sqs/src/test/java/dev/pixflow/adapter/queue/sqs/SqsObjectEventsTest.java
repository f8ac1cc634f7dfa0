package dev.pixflow.adapter.queue.sqs;

import dev.pixflow.core.domain.IncomingObject;
import dev.pixflow.testing.servers.SqsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** S3's event notification JSON, sent to a real SQS-compatible server, read back as incoming objects. */
class SqsObjectEventsTest {
    private static SqsServer server;
    private static SqsClient client;

    @BeforeAll
    static void start() {
        server = SqsServer.start();
        client = SqsClients.create("us-east-1", Optional.of(server.endpoint()), Optional.of("x"), Optional.of("x"));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    static String event(String name, String bucket, String key) {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"eu-west-1",
                "eventTime":"2026-11-21T12:00:00.123Z","eventName":"%s",
                "s3":{"s3SchemaVersion":"1.0","configurationId":"pixflow-incoming",
                "bucket":{"name":"%s","arn":"arn:aws:s3:::%s"},
                "object":{"key":"%s","size":1024,"eTag":"d41d8cd98f00b204e9800998ecf8427e","sequencer":"0055AED6DCD90281E5"}}}]}"""
                .formatted(name, bucket, bucket, key);
    }

    @Test
    void readsObjectCreatedUnderThePrefixAndDropsTheRest() {
        URI queue = URI.create(client.createQueue(b -> b.queueName("incoming-1")).queueUrl());
        SqsObjectEvents events = new SqsObjectEvents(client, queue, List.of("incoming/"), Duration.ZERO);
        client.sendMessage(b -> b.queueUrl(queue.toString()).messageBody("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}"));
        client.sendMessage(b -> b.queueUrl(queue.toString()).messageBody(event("ObjectCreated:Put", "originals", "originals/2026/11/21/x")));
        client.sendMessage(b -> b.queueUrl(queue.toString()).messageBody(event("ObjectRemoved:Delete", "originals", "incoming/a.jpg")));
        client.sendMessage(b -> b.queueUrl(queue.toString()).messageBody(event("ObjectCreated:Put", "originals", "incoming/Holiday+2026/IMG+0001.JPG")));

        IncomingObject got = null;
        for (int i = 0; i < 4 && got == null; i++) {
            got = events.next(Duration.ofSeconds(30)).orElse(null);
        }
        assertThat(got).isNotNull();
        assertThat(got.bucket()).isEqualTo("originals");
        assertThat(got.key()).isEqualTo("incoming/Holiday 2026/IMG 0001.JPG");
        assertThat(got.size()).isEqualTo(1024);
        assertThat(got.eventTime()).isEqualTo(Instant.parse("2026-11-21T12:00:00.123Z"));
        assertThat(got.sequencer()).isEqualTo("0055AED6DCD90281E5");
        assertThat(got.eTag()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");

        events.done(got);
        assertThat(events.next(Duration.ofSeconds(30))).isEmpty();
        assertThat(client.getQueueAttributes(b -> b.queueUrl(queue.toString()).attributeNamesWithStrings("All"))
                .attributesAsStrings().get("ApproximateNumberOfMessages")).isEqualTo("0");
    }
}
