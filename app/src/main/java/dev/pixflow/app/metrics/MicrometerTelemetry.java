package dev.pixflow.app.metrics;

import dev.pixflow.core.domain.QueueStats;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.port.JobQueue;
import dev.pixflow.core.port.Telemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The core's telemetry as Prometheus metrics. Queue depth and the age of the oldest job are the
 * autoscaling signal; they are read from the queue itself, at most once a second however often scraped.
 * Every counter with its known outcomes is there from the start, at 0: an alert or a ratio over a
 * series that does not exist yet (no refusal, no expiry so far) sees nothing rather than none.
 */
@Component
public class MicrometerTelemetry implements Telemetry {
    private final MeterRegistry registry;
    private final Counter uploads;
    private final Counter uploadBytes;
    private final Counter jobsQueued;
    private final Counter jobsDone;
    private final Counter jobsRetried;
    private final Counter jobsDead;
    private final Counter expired;

    private static final String JOBS_FAILED = "job attempts that failed: final=false will be retried, final=true used up"
            + " the job's attempts (dead-lettered)";
    private static final String UPLOADS = "uploads by outcome: accepted, duplicate (answered with the owner's image of"
            + " the same bytes), or the reason one was refused";
    private static final String WEBHOOKS = "webhook delivery attempts by outcome: delivered, retried (to be tried again),"
            + " failed (given up)";
    private static final String EXPIRED = "images removed by the lifecycle sweeper because they expired";
    private static final String ORPHANS = "leftovers of crashed uploads and removals deleted by the orphan sweep";
    private static final String ALT_TEXT = "alt text jobs by outcome (written, kept, failed)";

    public MicrometerTelemetry(MeterRegistry registry, JobQueue queue) {
        this.registry = registry;
        this.uploads = counter("pixflow.uploads", UPLOADS, "outcome", "accepted");
        counter("pixflow.uploads", UPLOADS, "outcome", "duplicate");
        for (RejectedImageException.Reason reason : RejectedImageException.Reason.values()) {
            counter("pixflow.uploads", UPLOADS, "outcome", reason.name().toLowerCase(Locale.ROOT));
        }
        for (String outcome : List.of("delivered", "retried", "failed")) {
            counter("pixflow.webhooks.deliveries", WEBHOOKS, "outcome", outcome);
        }
        this.expired = Counter.builder("pixflow.lifecycle.expired").description(EXPIRED).register(registry);
        for (String kind : List.of("original", "renditions")) {
            counter("pixflow.lifecycle.orphans.deleted", ORPHANS, "kind", kind);
        }
        for (String outcome : List.of("written", "kept", "failed")) {
            counter("pixflow.alt.text", ALT_TEXT, "outcome", outcome);
        }
        this.uploadBytes = Counter.builder("pixflow.upload.bytes").description("bytes of accepted uploads").baseUnit("bytes").register(registry);
        this.jobsQueued = Counter.builder("pixflow.jobs.queued").description("jobs queued").register(registry);
        this.jobsDone = Counter.builder("pixflow.jobs.done").description("jobs completed").register(registry);
        // One description for both series: Prometheus shows one HELP line per name.
        this.jobsRetried = Counter.builder("pixflow.jobs.failed").tag("final", "false").description(JOBS_FAILED).register(registry);
        this.jobsDead = Counter.builder("pixflow.jobs.failed").tag("final", "true").description(JOBS_FAILED).register(registry);

        CachedQueueStats stats = new CachedQueueStats(queue, Duration.ofSeconds(1));
        gauge("pixflow.queue.depth", "jobs waiting or in flight", stats, s -> s.get().depth());
        gauge("pixflow.queue.waiting", "jobs waiting for a worker", stats, s -> s.get().queued());
        gauge("pixflow.queue.in.flight", "jobs leased by a worker", stats, s -> s.get().inFlight());
        gauge("pixflow.queue.dead", "jobs in the dead-letter state", stats, s -> s.get().dead());
        Gauge.builder("pixflow.queue.oldest.age", stats, s -> s.get().oldestQueuedAge().toMillis() / 1000.0)
                .description("age of the oldest waiting job").baseUnit("seconds").strongReference(true).register(registry);
    }

    private Counter counter(String name, String description, String tag, String value) {
        return Counter.builder(name).description(description).tag(tag, value).register(registry);
    }

    private void gauge(String name, String description, CachedQueueStats stats, ToDoubleFunction<CachedQueueStats> f) {
        // Strong: the gauges are all that holds the cache, and a weakly held one reads NaN after a GC.
        Gauge.builder(name, stats, f).description(description).strongReference(true).register(registry);
    }

    @Override
    public void webhookDelivery(String outcome) {
        counter("pixflow.webhooks.deliveries", WEBHOOKS, "outcome", outcome).increment();
    }

    @Override
    public void uploadAccepted(long bytes) {
        uploads.increment();
        uploadBytes.increment(bytes);
    }

    @Override
    public void uploadRejected(String reason) {
        counter("pixflow.uploads", UPLOADS, "outcome", reason).increment();
    }

    @Override
    public void jobQueued() {
        jobsQueued.increment();
    }

    @Override
    public void jobSucceeded() {
        jobsDone.increment();
    }

    @Override
    public void jobFailed(boolean dead) {
        (dead ? jobsDead : jobsRetried).increment();
    }

    @Override
    public void rendered(String variant, Duration took) {
        Timer.builder("pixflow.render").description("time of the render that produced a variant (one decode serves several)")
                .tag("variant", variant).register(registry).record(took);
    }

    @Override
    public void uploadDuplicate() {
        counter("pixflow.uploads", UPLOADS, "outcome", "duplicate").increment();
    }

    @Override
    public void imagesExpired(int count) {
        expired.increment(count);
    }

    @Override
    public void orphansDeleted(String kind, int count) {
        counter("pixflow.lifecycle.orphans.deleted", ORPHANS, "kind", kind).increment(count);
    }

    @Override
    public void altText(String outcome) {
        counter("pixflow.alt.text", ALT_TEXT, "outcome", outcome).increment();
    }

    /** Scrapes must not turn into a query storm on the queue. */
    static final class CachedQueueStats {
        private final JobQueue queue;
        private final long ttlNanos;
        private volatile QueueStats value;
        private volatile long readAt;

        CachedQueueStats(JobQueue queue, Duration ttl) {
            this.queue = queue;
            this.ttlNanos = ttl.toNanos();
        }

        QueueStats get() {
            long now = System.nanoTime();
            if (value == null || now - readAt > ttlNanos) {
                value = queue.stats();
                readAt = now;
            }
            return value;
        }
    }
}
