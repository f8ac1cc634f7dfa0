package dev.pixflow.adapter.queue.sqs;

import dev.pixflow.core.domain.DeadJob;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.domain.QueueStats;
import dev.pixflow.core.port.JobQueue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The job queue on Amazon SQS. A lease is a receive with the lease as visibility timeout; the receipt
 * handle is the lease token; extending a lease changes the visibility; acknowledging deletes. A failed
 * attempt is made visible again after its backoff. Attempts are SQS's receive count, and the queue's
 * redrive policy moves a job received {@code maxReceiveCount} times without being deleted (its
 * workers died) to the dead-letter queue; a job that fails its last attempt is moved there by this
 * adapter, with its error as message attributes, since SQS cannot annotate a message in place. A job's
 * trace context travels as message attributes of its own names ({@code traceparent}, {@code
 * tracestate}), where tracing tools look for it, into the dead-letter queue and back on a redrive.
 */
public final class SqsJobQueue implements JobQueue {
    /** 2025-01-01T00:00:00Z: 38 bits of hundredths of a second from it last until 2112. */
    static final long ID_EPOCH = 1_735_689_600_000L;
    private static final int SEQUENCE_BITS = 15;
    /** The largest integer a JavaScript number holds exactly, 2^53 - 1. */
    static final long MAX_SAFE_ID = (1L << 53) - 1;

    private static final Logger LOG = Logger.getLogger(SqsJobQueue.class.getName());
    static final String ERROR = "pixflow-error";
    static final String ATTEMPTS = "pixflow-attempts";
    static final String DIED_AT = "pixflow-died-at";
    private static final int BATCH = 10;
    /** SQS takes ten attributes a message; the dead-letter queue's three leave the rest to the trace context. */
    private static final int MAX_TRACE_ATTRIBUTES = 7;
    /** How long messages stay hidden while the dead-letter queue is browsed or redriven. */
    private static final int BROWSE_VISIBILITY_SECONDS = 30;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String deadUrl;
    private final int maxAttempts;
    private final int waitSeconds;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong(ThreadLocalRandom.current().nextInt(1 << SEQUENCE_BITS));

    public SqsJobQueue(SqsClient sqs, SqsSettings settings, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = settings.queueUrl().toString();
        this.deadUrl = settings.deadLetterQueueUrl().toString();
        this.waitSeconds = (int) settings.longPoll().toSeconds();
        this.clock = clock;
        this.maxAttempts = redrivePolicyReceives().orElse(settings.maxAttempts());
    }

    /** The queue's own limit, so the adapter and SQS agree on which receive is the last. */
    private Optional<Integer> redrivePolicyReceives() {
        String policy = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes().get(QueueAttributeName.REDRIVE_POLICY);
        if (policy == null) {
            return Optional.empty();
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"maxReceiveCount\"\\s*:\\s*\"?(\\d+)").matcher(policy);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public void enqueue(JobSpec job) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(JobMessage.of(newId(), job).toJson())
                .messageAttributes(traceAttributes(job.traceContext())));
        listeners.forEach(Runnable::run);
    }

    /** SendMessageBatch, ten at a time (SQS's limit); any entry refused fails the call, so an outbox keeps its rows. */
    @Override
    public void enqueueAll(List<JobSpec> jobs) {
        for (int from = 0; from < jobs.size(); from += BATCH) {
            List<JobSpec> batch = jobs.subList(from, Math.min(jobs.size(), from + BATCH));
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .messageBody(JobMessage.of(newId(), batch.get(i)).toJson())
                        .messageAttributes(traceAttributes(batch.get(i).traceContext())).build());
            }
            var result = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            if (!result.failed().isEmpty()) {
                throw new IllegalStateException("SQS refused " + result.failed().size() + " of " + batch.size()
                        + " jobs: " + result.failed().getFirst().message());
            }
        }
        if (!jobs.isEmpty()) {
            listeners.forEach(Runnable::run);
        }
    }

    /**
     * Time-ordered and unique across processes without coordination: hundredths of a second since
     * {@link #ID_EPOCH}, then 15 bits of a sequence that starts anywhere (two processes collide only when
     * they queue in the same hundredth with overlapping sequences). At most {@link #MAX_SAFE_ID}, so that
     * an id read by JavaScript (the admin page's redrive, any browser client) is the id sent: a JSON
     * number past 2^53 comes back rounded to another job.
     */
    private long newId() {
        return ((clock.millis() - ID_EPOCH) / 10 << SEQUENCE_BITS) | (sequence.incrementAndGet() & ((1 << SEQUENCE_BITS) - 1));
    }

    @Override
    public Optional<LeasedJob> lease(String workerId, Duration leaseFor) {
        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1)
                .waitTimeSeconds(waitSeconds).visibilityTimeout(seconds(leaseFor))
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                .messageAttributeNames("All")).messages();
        if (got.isEmpty()) {
            return Optional.empty();
        }
        Message m = got.getFirst();
        int attempt = Integer.parseInt(m.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
        JobMessage job;
        try {
            job = JobMessage.parse(m.body());
        } catch (IllegalArgumentException notAJob) {
            // Retrying cannot make it a job: straight to the dead-letter queue, where an operator sees it.
            LOG.warning(() -> "message " + m.messageId() + " is not a Pixflow job; moved to the dead-letter queue");
            bury(m.body(), traceContext(m), notAJob.getMessage(), attempt);
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            return Optional.empty();
        }
        return Optional.of(new LeasedJob(job.id(), job.spec().withTraceContext(traceContext(m)), attempt, maxAttempts,
                m.receiptHandle(), clock.instant().plus(leaseFor)));
    }

    @Override
    public boolean acknowledge(LeasedJob job) {
        try {
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(job.leaseToken()));
            return true;
        } catch (SqsException leaseLost) {
            return false;
        }
    }

    /** Visible again at once; SQS cannot take back the receive, so the attempt still counts. */
    @Override
    public boolean release(LeasedJob job) {
        return changeVisibility(job, Duration.ZERO);
    }

    @Override
    public boolean extend(LeasedJob job, Duration leaseFor) {
        return changeVisibility(job, leaseFor);
    }

    @Override
    public boolean fail(LeasedJob job, String error, Duration retryAfter) {
        if (!job.isLastAttempt()) {
            return changeVisibility(job, retryAfter);
        }
        // Hide it first, so no other worker takes it while it is being moved.
        if (!changeVisibility(job, Duration.ofMinutes(5))) {
            return false;
        }
        bury(JobMessage.of(job.id(), job.spec()).toJson(), job.spec().traceContext(), error, job.attempt());
        return acknowledge(job);
    }

    private void bury(String body, Map<String, String> traceContext, String error, int attempts) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>(traceAttributes(traceContext));
        attributes.put(ERROR, text(truncate(error)));
        attributes.put(ATTEMPTS, MessageAttributeValue.builder().dataType("Number").stringValue(Integer.toString(attempts)).build());
        attributes.put(DIED_AT, text(clock.instant().toString()));
        sqs.sendMessage(b -> b.queueUrl(deadUrl).messageBody(body).messageAttributes(attributes));
    }

    /** The job's trace context as string attributes, at most {@link #MAX_TRACE_ATTRIBUTES} of them. */
    static Map<String, MessageAttributeValue> traceAttributes(Map<String, String> context) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        context.entrySet().stream().filter(e -> !e.getKey().startsWith("pixflow-") && !e.getValue().isEmpty())
                .sorted(Map.Entry.comparingByKey()).limit(MAX_TRACE_ATTRIBUTES)
                .forEach(e -> attributes.put(e.getKey(), text(e.getValue())));
        return attributes;
    }

    /** The string attributes of a message that are not this adapter's own. */
    static Map<String, String> traceContext(Message m) {
        Map<String, String> context = new LinkedHashMap<>();
        m.messageAttributes().forEach((name, value) -> {
            if (!name.startsWith("pixflow-") && "String".equals(value.dataType()) && value.stringValue() != null) {
                context.put(name, value.stringValue());
            }
        });
        return context;
    }

    private boolean changeVisibility(LeasedJob job, Duration hideFor) {
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(job.leaseToken())
                    .visibilityTimeout(seconds(hideFor)));
            return true;
        } catch (SqsException leaseLost) {
            return false;
        }
    }

    /**
     * SQS counts are approximate (eventually consistent across its servers). A job waiting for its
     * retry backoff is hidden, so it counts as in flight here. SQS offers no age of the oldest message
     * through its API (only as the CloudWatch metric ApproximateAgeOfOldestMessage), so that is zero.
     */
    @Override
    public QueueStats stats() {
        Map<QueueAttributeName, String> main = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        Map<QueueAttributeName, String> dead = sqs.getQueueAttributes(b -> b.queueUrl(deadUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return new QueueStats(
                count(main, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) + count(main, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED),
                count(main, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                count(dead, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) + count(dead, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                Duration.ZERO);
    }

    @Override
    public List<DeadJob> deadJobs(int limit) {
        Map<String, Message> seen = browseDead(limit);
        release(seen.values());
        List<DeadJob> out = new ArrayList<>();
        for (Message m : seen.values()) {
            tryParse(m.body()).ifPresent(job -> out.add(deadJob(m, job)));
        }
        return out;
    }

    @Override
    public int redrive(List<Long> ids) {
        // A new message in the jobs queue starts with a fresh receive count: fresh attempts.
        int back = takeDead(ids, batch -> sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch.stream().map(m ->
                SendMessageBatchRequestEntry.builder().id(m.messageId()).messageBody(m.body())
                        .messageAttributes(traceAttributes(traceContext(m))).build()).toList())));
        if (back > 0) {
            listeners.forEach(Runnable::run);
        }
        return back;
    }

    @Override
    public int discard(List<Long> ids) {
        return takeDead(ids, batch -> { });
    }

    /**
     * Takes the dead jobs named (all, when none is) out of the dead-letter queue, a batch at a time, each
     * batch handed to {@code first} before it is deleted; the other dead messages are released. How many
     * were taken.
     */
    private int takeDead(List<Long> ids, Consumer<List<Message>> first) {
        Set<Long> wanted = new HashSet<>(ids);
        List<Message> taken = new ArrayList<>();
        List<Message> others = new ArrayList<>();
        for (Message m : browseDead(Integer.MAX_VALUE).values()) {
            Optional<JobMessage> job = tryParse(m.body());
            (job.isPresent() && (wanted.isEmpty() || wanted.contains(job.get().id())) ? taken : others).add(m);
        }
        for (int from = 0; from < taken.size(); from += BATCH) {
            List<Message> batch = taken.subList(from, Math.min(taken.size(), from + BATCH));
            first.accept(batch);
            sqs.deleteMessageBatch(b -> b.queueUrl(deadUrl).entries(batch.stream().map(m ->
                    DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList()));
        }
        release(others);
        return taken.size();
    }

    /** Receives up to {@code limit} distinct dead messages, hiding each until {@link #release}d or deleted. */
    private Map<String, Message> browseDead(int limit) {
        Map<String, Message> seen = new LinkedHashMap<>();
        while (seen.size() < limit) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(deadUrl).maxNumberOfMessages(BATCH).waitTimeSeconds(0)
                    .visibilityTimeout(BROWSE_VISIBILITY_SECONDS)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                            MessageSystemAttributeName.SENT_TIMESTAMP)
                    .messageAttributeNames("All")).messages();
            if (got.isEmpty()) {
                break;
            }
            for (Message m : got) {
                if (seen.size() < limit) {
                    seen.putIfAbsent(m.messageId(), m);
                } else {
                    release(List.of(m));
                }
            }
        }
        return seen;
    }

    private void release(java.util.Collection<Message> messages) {
        List<Message> all = List.copyOf(messages);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<Message> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(deadUrl).entries(batch.stream().map(m ->
                    ChangeMessageVisibilityBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle())
                            .visibilityTimeout(0).build()).toList()));
        }
    }

    private DeadJob deadJob(Message m, JobMessage job) {
        MessageAttributeValue error = m.messageAttributes().get(ERROR);
        MessageAttributeValue attempts = m.messageAttributes().get(ATTEMPTS);
        MessageAttributeValue diedAt = m.messageAttributes().get(DIED_AT);
        int tries = attempts != null ? Integer.parseInt(attempts.stringValue()) : maxAttempts;
        String why = error != null ? error.stringValue()
                : "received " + tries + " times without being acknowledged (its workers died or stalled); moved by the redrive policy";
        Instant at = diedAt != null ? Instant.parse(diedAt.stringValue())
                : Instant.ofEpochMilli(Long.parseLong(m.attributes().getOrDefault(MessageSystemAttributeName.SENT_TIMESTAMP, "0")));
        return new DeadJob(job.id(), job.spec().withTraceContext(traceContext(m)), tries, why, at);
    }

    private static Optional<JobMessage> tryParse(String body) {
        try {
            return Optional.of(JobMessage.parse(body));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public void onWorkAvailable(Runnable listener) {
        listeners.add(listener);
    }

    private static int seconds(Duration d) {
        // SQS counts whole seconds, up to 12 hours; round up so a lease is never shorter than asked.
        long s = (d.toMillis() + 999) / 1000;
        return (int) Math.min(Math.max(s, 0), 43_200);
    }

    private static long count(Map<QueueAttributeName, String> attrs, QueueAttributeName name) {
        String v = attrs.get(name);
        return v == null ? 0 : Long.parseLong(v);
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value == null || value.isEmpty() ? "-" : value).build();
    }

    private static String truncate(String error) {
        return error == null ? null : error.length() > 2000 ? error.substring(0, 2000) : error;
    }
}
