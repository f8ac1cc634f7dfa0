package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.Deadline;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.port.JobQueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A fixed number of platform threads that lease jobs and process them. Native renders stay on platform
 * threads so libvips' per-thread state is never shared by hopping virtual threads. Long renders keep
 * their lease alive with a heartbeat until their render deadline; stopping lets each thread finish the
 * job in hand first, and gives back whatever is still in hand when the grace runs out, so no job waits
 * for a dead lease to expire.
 */
public final class WorkerPool implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WorkerPool.class.getName());

    private final JobQueue queue;
    private final ProcessJob processor;
    private final int concurrency;
    private final Duration leaseFor;
    private final Duration idlePoll;
    private final String workerId = "worker-" + UUID.randomUUID();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workSignal = lock.newCondition();
    private final AtomicInteger busy = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private final Set<LeasedJob> inHand = ConcurrentHashMap.newKeySet();
    private final OutageLog leaseFailures = new OutageLog(WorkerPool.class, "leasing a job");
    private ScheduledExecutorService heartbeats;
    private boolean wakeUp;
    private volatile boolean running;

    public WorkerPool(JobQueue queue, ProcessJob processor, int concurrency, Duration leaseFor, Duration idlePoll) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("worker concurrency must be at least 1");
        }
        this.queue = queue;
        this.processor = processor;
        this.concurrency = concurrency;
        this.leaseFor = leaseFor;
        this.idlePoll = idlePoll;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("pixflow-lease-heartbeat").factory());
        queue.onWorkAvailable(this::wake);
        for (int i = 0; i < concurrency; i++) {
            Thread t = Thread.ofPlatform().name("pixflow-worker-" + i).start(this::loop);
            threads.add(t);
        }
    }

    /** Jobs being processed right now. */
    public int busy() {
        return busy.get();
    }

    public int concurrency() {
        return concurrency;
    }

    private void loop() {
        while (running) {
            Optional<LeasedJob> job;
            try {
                job = queue.lease(workerId, leaseFor);
                leaseFailures.succeeded();
            } catch (RuntimeException e) {
                leaseFailures.failed(e);
                job = Optional.empty();
            }
            if (job.isPresent()) {
                runWithHeartbeat(job.get());
            } else {
                awaitWork();
            }
        }
    }

    /**
     * Processes the job under its render deadline, keeping its lease alive until the deadline: a render
     * past it stops at its next step and fails the job, and one that hangs inside a step no longer
     * extends the lease, so the job is due again (or dead) at most one lease after its deadline.
     */
    private void runWithHeartbeat(LeasedJob job) {
        Deadline deadline = processor.newDeadline();
        long period = Math.max(leaseFor.toMillis() / 3, 100);
        AtomicBoolean toldPassed = new AtomicBoolean();
        ScheduledFuture<?> beat = heartbeats.scheduleAtFixedRate(() -> {
            if (deadline.passed()) {
                if (!toldPassed.getAndSet(true)) {
                    LOG.warning(() -> "job " + job.id() + " passed its render deadline of " + deadline.limit()
                            + "; its lease is no longer extended");
                }
                return;
            }
            try {
                queue.extend(job, leaseFor);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "extending the lease of job " + job.id() + " failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
        busy.incrementAndGet();
        inHand.add(job);
        try {
            processor.process(job, deadline);
        } finally {
            inHand.remove(job);
            busy.decrementAndGet();
            beat.cancel(false);
        }
    }

    private void awaitWork() {
        lock.lock();
        try {
            if (!wakeUp && running) {
                workSignal.await(idlePoll.toMillis(), TimeUnit.MILLISECONDS);
            }
            wakeUp = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        lock.lock();
        try {
            wakeUp = true;
            workSignal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops leasing, lets each thread finish the job in hand (up to {@code grace}), releases the jobs
     * still in hand after that, then returns.
     */
    public synchronized Stopped stop(Duration grace) {
        if (!running) {
            return new Stopped(0, 0, 0);
        }
        running = false;
        int atStop = inHand.size();
        wake();
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : threads) {
            try {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                t.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
        heartbeats.shutdownNow();
        int released = 0;
        for (LeasedJob job : List.copyOf(inHand)) {
            // The render may still run; if it ends it cannot acknowledge a released lease, and the job's keys are idempotent.
            try {
                if (queue.release(job)) {
                    released++;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "releasing job " + job.id() + " failed; its lease will run out", e);
            }
        }
        return new Stopped(atStop, Math.max(0, atStop - inHand.size()), released);
    }

    /**
     * What a stop did with the jobs in hand: finished within the grace, or released; any others
     * (a queue that cannot release) are left to their leases running out.
     */
    public record Stopped(int inHand, int finished, int released) {
        public int leftToLease() {
            return Math.max(0, inHand - finished - released);
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
