package dev.pixflow.core.testing;

import dev.pixflow.core.domain.DeadJob;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.domain.QueueStats;
import dev.pixflow.core.port.JobQueue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The queue's rules over a map, as the embedded (SQLite) queue keeps them: a lease hides a job until it
 * runs out, the lease token is the proof of ownership, a failure comes back after its backoff or dies on
 * its last attempt, and a lease that runs out on the last attempt makes the job dead at the next lease.
 * Time is the given clock's, so a test moves past a backoff instead of sleeping through it.
 */
public final class InMemoryJobQueue implements JobQueue {
    public enum State { QUEUED, LEASED, DEAD }

    /** One job as the queue holds it. */
    public record Job(long id, JobSpec spec, State state, int attempts, int maxAttempts, Instant availableAt,
                      Instant createdAt, Instant updatedAt, String leaseToken, String lastError) {
        Job with(State nextState, int nextAttempts, Instant nextAvailable, Instant at, String token, String error) {
            return new Job(id, spec, nextState, nextAttempts, maxAttempts, nextAvailable, createdAt, at, token, error);
        }
    }

    private final Clock clock;
    private final int maxAttempts;
    private final TreeMap<Long, Job> jobs = new TreeMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<Long> acknowledged = new ArrayList<>();
    private long nextId = 1;
    private long nextToken = 1;

    public InMemoryJobQueue(Clock clock, int maxAttempts) {
        this.clock = clock;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public void enqueue(JobSpec job) {
        insert(job);
    }

    /** Enqueues and tells the job's id, as the catalogue's own transaction learns it. */
    public long insert(JobSpec job) {
        long id;
        synchronized (this) {
            Instant now = clock.instant();
            id = nextId++;
            jobs.put(id, new Job(id, job, State.QUEUED, 0, maxAttempts, now, now, now, null, null));
        }
        signal();
        return id;
    }

    @Override
    public synchronized Optional<LeasedJob> lease(String workerId, Duration leaseFor) {
        Instant now = clock.instant();
        for (Job j : List.copyOf(jobs.values())) {
            if (j.state() == State.LEASED && !j.availableAt().isAfter(now) && j.attempts() >= j.maxAttempts()) {
                jobs.put(j.id(), j.with(State.DEAD, j.attempts(), j.availableAt(), now, null,
                        "lease ran out on attempt " + j.attempts() + " (worker died or stalled)"));
            }
        }
        Optional<Job> due = jobs.values().stream()
                .filter(j -> j.state() != State.DEAD && !j.availableAt().isAfter(now))
                .min(Comparator.comparing(Job::availableAt).thenComparing(Job::id));
        if (due.isEmpty()) {
            return Optional.empty();
        }
        Job j = due.get();
        String token = workerId + "/" + nextToken++;
        Instant until = now.plus(leaseFor);
        Job leased = j.with(State.LEASED, j.attempts() + 1, until, now, token, j.lastError());
        jobs.put(j.id(), leased);
        return Optional.of(new LeasedJob(j.id(), j.spec(), leased.attempts(), leased.maxAttempts(), token, until));
    }

    @Override
    public synchronized boolean acknowledge(LeasedJob job) {
        if (!holds(job)) {
            return false;
        }
        jobs.remove(job.id());
        acknowledged.add(job.id());
        return true;
    }

    @Override
    public boolean release(LeasedJob job) {
        synchronized (this) {
            if (!holds(job)) {
                return false;
            }
            Job j = jobs.get(job.id());
            Instant now = clock.instant();
            jobs.put(j.id(), j.with(State.QUEUED, j.attempts() - 1, now, now, null, j.lastError()));
        }
        signal();
        return true;
    }

    @Override
    public synchronized boolean extend(LeasedJob job, Duration leaseFor) {
        if (!holds(job)) {
            return false;
        }
        Job j = jobs.get(job.id());
        Instant now = clock.instant();
        jobs.put(j.id(), j.with(State.LEASED, j.attempts(), now.plus(leaseFor), now, j.leaseToken(), j.lastError()));
        return true;
    }

    @Override
    public synchronized boolean fail(LeasedJob job, String error, Duration retryAfter) {
        if (!holds(job)) {
            return false;
        }
        Job j = jobs.get(job.id());
        Instant now = clock.instant();
        State next = j.attempts() >= j.maxAttempts() ? State.DEAD : State.QUEUED;
        jobs.put(j.id(), j.with(next, j.attempts(), now.plus(retryAfter), now, null, error));
        return true;
    }

    @Override
    public synchronized QueueStats stats() {
        Instant now = clock.instant();
        long queued = 0;
        long inFlight = 0;
        long dead = 0;
        Instant oldest = null;
        for (Job j : jobs.values()) {
            switch (j.state()) {
                case QUEUED -> {
                    queued++;
                    oldest = oldest == null || j.createdAt().isBefore(oldest) ? j.createdAt() : oldest;
                }
                // A lease that ran out is waiting to be taken again: queued, not in flight.
                case LEASED -> {
                    if (j.availableAt().isAfter(now)) {
                        inFlight++;
                    } else {
                        queued++;
                    }
                }
                case DEAD -> dead++;
            }
        }
        Duration age = oldest == null ? Duration.ZERO : Duration.between(oldest, now);
        return new QueueStats(queued, inFlight, dead, age.isNegative() ? Duration.ZERO : age);
    }

    @Override
    public synchronized List<DeadJob> deadJobs(int limit) {
        return jobs.values().stream().filter(j -> j.state() == State.DEAD)
                .sorted(Comparator.comparing(Job::updatedAt).thenComparing(Job::id).reversed())
                .limit(limit)
                .map(j -> new DeadJob(j.id(), j.spec(), j.attempts(), j.lastError(), j.updatedAt()))
                .toList();
    }

    @Override
    public synchronized int discard(List<Long> ids) {
        int before = jobs.size();
        jobs.values().removeIf(j -> j.state() == State.DEAD && (ids.isEmpty() || ids.contains(j.id())));
        return before - jobs.size();
    }

    @Override
    public int redrive(List<Long> ids) {
        int changed = 0;
        synchronized (this) {
            Instant now = clock.instant();
            for (Job j : List.copyOf(jobs.values())) {
                if (j.state() == State.DEAD && (ids.isEmpty() || ids.contains(j.id()))) {
                    jobs.put(j.id(), j.with(State.QUEUED, 0, now, now, null, j.lastError()));
                    changed++;
                }
            }
        }
        if (changed > 0) {
            signal();
        }
        return changed;
    }

    @Override
    public void onWorkAvailable(Runnable listener) {
        listeners.add(listener);
    }

    /** Every job the queue holds (queued, leased or dead), oldest first. */
    public synchronized List<Job> jobs() {
        return List.copyOf(jobs.values());
    }

    /** The specs of the jobs not yet done (queued or leased), oldest first. */
    public synchronized List<JobSpec> pending() {
        return jobs.values().stream().filter(j -> j.state() != State.DEAD).map(Job::spec).toList();
    }

    public synchronized Optional<Job> job(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** The ids of the jobs acknowledged, in order. */
    public synchronized List<Long> acknowledged() {
        return List.copyOf(acknowledged);
    }

    private boolean holds(LeasedJob job) {
        Job j = jobs.get(job.id());
        return j != null && j.state() == State.LEASED && job.leaseToken().equals(j.leaseToken());
    }

    // Outside the lock, as the database signals after its commit: a listener may lease at once.
    private void signal() {
        listeners.forEach(Runnable::run);
    }
}
