package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.Deadline;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.JobQueue;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.RenditionRecords;
import dev.pixflow.core.port.Telemetry;
import dev.pixflow.core.recipe.Variant;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a worker does with one leased job. The job is acknowledged only after every rendition and the
 * record's status are committed; any failure leaves it to the queue's retry and dead-letter rules.
 */
public final class ProcessJob {
    private static final Logger LOG = Logger.getLogger(ProcessJob.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    private static final Duration MAX_RETRY = Duration.ofMinutes(5);

    private final JobQueue queue;
    private final ImageRecords records;
    private final RenditionRecords renditions;
    private final EventLog events;
    private final RenderVariants renderer;
    private final Clock clock;
    private final Telemetry telemetry;
    private final Optional<DescribeImage> describer;

    /**
     * With a {@code describer}, an image's first job (its variants) queues a job that writes its alt
     * text: a job of its own, so a slow or failing model never holds up or fails the renders. A job that
     * uses its last attempt is told to {@code events} as {@code job.dead}.
     */
    public ProcessJob(JobQueue queue, ImageRecords records, RenditionRecords renditions, EventLog events, RenderVariants renderer, Clock clock,
                      Telemetry telemetry, Optional<DescribeImage> describer) {
        this.describer = describer;
        this.queue = queue;
        this.records = records;
        this.renditions = renditions;
        this.events = events;
        this.renderer = renderer;
        this.clock = clock;
        this.telemetry = telemetry;
    }

    /** The deadline of a job's render, starting now: the worker takes it when it takes the job. */
    public Deadline newDeadline() {
        return renderer.newDeadline();
    }

    /** Processes the job under a render deadline starting now. */
    public void process(LeasedJob job) {
        process(job, newDeadline());
    }

    /**
     * Processes the job; its render stops once {@code deadline} has passed, and the job then fails like
     * any other failure: retried after a backoff, dead after its last attempt.
     */
    public void process(LeasedJob job, Deadline deadline) {
        try {
            if (job.spec().isDescribe()) {
                if (describer.isPresent()) {
                    describer.get().describe(job.spec().imageId());
                }
                acknowledge(job);
                return;
            }
            Optional<ImageRecord> image = records.find(job.spec().imageId())
                    .filter(i -> !i.isExpired(clock.instant()));
            if (image.isPresent()) {
                List<String> todo = renderer.missing(image.get(), job.spec().variants());
                // Only what the record still asks for: a request removed, or asked for again under another
                // recipe, since this job was queued has nothing left for it to make.
                List<Variant> asked = renderer.missingVariants(image.get(), job.spec().renditions().stream()
                        .filter(v -> image.get().request(v.name())
                                .filter(r -> r.variant().canonical().equals(v.canonical())).isPresent())
                        .toList());
                List<Variant> all = new ArrayList<>(renderer.catalogue().variants(todo));
                all.addAll(asked);
                renderer.renderVariants(image.get(), all, deadline);
                if (!job.spec().variants().isEmpty()) {
                    records.setStatus(image.get().id(), ImageStatus.READY, clock.instant());
                    // Queued before the acknowledgement: a crash between makes a second describe job, which
                    // finds the alt text written and keeps it.
                    if (describer.isPresent() && describer.get().wanted(image.get())) {
                        queue.enqueue(JobSpec.describe(image.get().id()));
                        telemetry.jobQueued();
                    }
                }
            }
            acknowledge(job);
        } catch (NotFoundException e) {
            // The job's own image deleted meanwhile is done; anything else missing (a watermark's image, the logo) fails it.
            if (records.find(job.spec().imageId()).isEmpty()) {
                queue.acknowledge(job);
                telemetry.jobSucceeded();
            } else {
                failed(job, e);
            }
        } catch (Exception | LinkageError e) {
            failed(job, e);
        }
    }

    private void failed(LeasedJob job, Throwable e) {
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        boolean dead = job.isLastAttempt();
        LOG.log(Level.WARNING, "job " + job.id() + " attempt " + job.attempt() + "/" + job.maxAttempts() + " failed", e);
        if (dead) {
            // An upload's own variants failing fails the image; an asked-for rendition, or alt text, fails alone.
            if (!job.spec().variants().isEmpty()) {
                records.setStatus(job.spec().imageId(), ImageStatus.FAILED, clock.instant());
            }
            for (Variant asked : job.spec().renditions()) {
                renditions.renditionRequestFailed(job.spec().imageId(), asked, error, clock.instant());
            }
            tellDead(job, error);
        }
        queue.fail(job, error, backoff(job.attempt()));
        telemetry.jobFailed(dead);
    }

    /**
     * Before the queue buries the job: a crash in between retries the job, which dies again and tells
     * again (at least once), where the other order could lose the event.
     */
    private void tellDead(LeasedJob job, String error) {
        try {
            List<String> named = new ArrayList<>(job.spec().variants());
            job.spec().renditions().forEach(v -> named.add(v.name()));
            Optional<String> variant = named.size() == 1 ? Optional.of(named.getFirst()) : Optional.empty();
            String owner = records.find(job.spec().imageId()).map(ImageRecord::owner).orElse(null);
            events.append(ImageEvent.jobDead(job.spec().imageId(), owner, variant, error, clock.instant()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not log job " + job.id() + " as dead", e);
        }
    }

    private void acknowledge(LeasedJob job) {
        if (!queue.acknowledge(job)) {
            LOG.warning(() -> "lease lost on job " + job.id() + "; another worker will redo it (idempotent keys)");
        }
        telemetry.jobSucceeded();
    }

    /** Exponential: 2 s, 4 s, 8 s ... capped at five minutes. */
    static Duration backoff(int attempt) {
        long factor = 1L << Math.min(Math.max(attempt - 1, 0), 20);
        Duration d = FIRST_RETRY.multipliedBy(factor);
        return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
    }
}
