package dev.pixflow.adapter.queue.sqs;

import dev.pixflow.contract.JobQueueContract;
import dev.pixflow.core.domain.DeadJob;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.port.JobQueue;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.testing.servers.SqsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The job queue contract on a real SQS-compatible server (ElasticMQ), a queue pair per test. */
class SqsJobQueueTest extends JobQueueContract {
    private static final AtomicInteger QUEUES = new AtomicInteger();
    private static SqsServer server;
    private static SqsClient client;

    private SqsQueues.Pair queues;
    private SqsJobQueue queue;

    @BeforeAll
    static void startServer() {
        server = SqsServer.start();
        client = SqsClients.create("us-east-1", Optional.of(server.endpoint()), Optional.of("x"), Optional.of("x"));
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    @BeforeEach
    void open() {
        queues = SqsQueues.ensure(client, "jobs-" + QUEUES.incrementAndGet(), MAX_ATTEMPTS);
        queue = new SqsJobQueue(client, settings(queues, 99), Clock.systemUTC());
    }

    private static SqsSettings settings(SqsQueues.Pair pair, int maxAttempts) {
        return new SqsSettings(pair.queueUrl(), pair.deadLetterQueueUrl(), "us-east-1", Optional.of(server.endpoint()),
                Optional.of("x"), Optional.of("x"), maxAttempts, Duration.ofSeconds(1));
    }

    @Override
    protected JobQueue queue() {
        return queue;
    }

    @Test
    void theQueuesRedrivePolicyDecidesTheLastAttempt() {
        assertThat(queue.maxAttempts()).as("from the redrive policy, not the setting of 99").isEqualTo(MAX_ATTEMPTS);
    }

    @Test
    void messagesCarryIdsAndRecipesAndRoundTrip() {
        JobSpec spec = new JobSpec(new ImageId("0190a000-0000-7000-8000-000000000001"), List.of("thumb"),
                List.of(Variant.of("banner", "w:1200,h:300,fit:cover,q:80,f:webp")));
        queue.enqueue(spec);
        var raw = client.receiveMessage(b -> b.queueUrl(queues.queueUrl().toString()).visibilityTimeout(0)).messages();
        assertThat(raw).hasSize(1);
        assertThat(raw.getFirst().body()).contains("\"image\":\"0190a000-0000-7000-8000-000000000001\"")
                .contains("\"name\":\"banner\"").hasSizeLessThan(1024);
        assertThat(awaitLease(queue, "w", LONG).spec()).isEqualTo(spec);
    }

    @Test
    void manyJobsGoInBatchesAndEachIsLeasedOnce() {
        List<JobSpec> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < 23; i++) {
            jobs.add(job(i));
        }
        queue.enqueueAll(jobs);
        assertThat(queue.stats().queued()).isEqualTo(23);
        java.util.Set<Long> ids = new java.util.HashSet<>();
        List<JobSpec> got = new java.util.ArrayList<>();
        for (int i = 0; i < 23; i++) {
            LeasedJob j = awaitLease(queue, "w", LONG);
            ids.add(j.id());
            got.add(j.spec());
            queue.acknowledge(j);
        }
        assertThat(ids).hasSize(23);
        assertThat(ids).as("ids a JavaScript number holds exactly").allSatisfy(id ->
                assertThat(id).isPositive().isLessThanOrEqualTo(SqsJobQueue.MAX_SAFE_ID));
        assertThat(got).containsExactlyInAnyOrderElementsOf(jobs);
    }

    @Test
    void aLateAckAfterTheJobWasRetakenLeavesTheNewHoldersLease() {
        queue.enqueue(job(1));
        LeasedJob dying = awaitLease(queue, "dies", SHORT);
        LeasedJob retaken = awaitLease(queue, "survivor", LONG);
        queue.acknowledge(dying);
        // Whatever SQS made of the stale receipt handle, the survivor still finishes the job, once.
        queue.acknowledge(retaken);
        assertThat(queue.lease("late", LONG)).isEmpty();
        assertThat(queue.deadJobs(10)).isEmpty();
    }

    @Test
    void aJobWhoseWorkersDiedIsMovedByTheRedrivePolicyAndSaysSo() {
        queue.enqueue(job(3));
        for (int i = 1; i <= MAX_ATTEMPTS; i++) {
            awaitLease(queue, "crashes-" + i, SHORT);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> queue.lease("next", LONG).isEmpty() && queue.stats().dead() == 1);
        DeadJob dead = queue.deadJobs(10).getFirst();
        assertThat(dead.lastError()).contains("redrive policy");
        assertThat(dead.spec()).isEqualTo(job(3));
    }

    @Test
    void aMessageThatIsNoJobGoesStraightToTheDeadLetterQueue() {
        client.sendMessage(b -> b.queueUrl(queues.queueUrl().toString()).messageBody("{\"hello\":1}"));
        assertThat(queue.lease("w", LONG)).isEmpty();
        var dlq = client.receiveMessage(b -> b.queueUrl(queues.deadLetterQueueUrl().toString())
                .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        assertThat(dlq).hasSize(1);
        assertThat(dlq.getFirst().messageAttributes().get(SqsJobQueue.ERROR).stringValue()).contains("not a Pixflow job");
    }
}
