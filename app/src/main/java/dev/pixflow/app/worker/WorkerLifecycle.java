package dev.pixflow.app.worker;

import dev.pixflow.app.config.PixflowProperties;
import dev.pixflow.app.config.Role;
import dev.pixflow.app.config.Roles;
import dev.pixflow.core.usecase.WorkerPool;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.util.Set;

/**
 * Starts the worker threads once the context is up, in a process with the worker role, and, on shutdown, stops them taking jobs and lets
 * the jobs in hand finish before the database closes. A job cut off anyway is leased again later.
 */
@Component
public class WorkerLifecycle implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerLifecycle.class);

    private final WorkerPool pool;
    private final PixflowProperties props;
    private final boolean workerRole;
    private volatile boolean running;

    public WorkerLifecycle(WorkerPool pool, PixflowProperties props, MeterRegistry registry, Environment env) {
        this.pool = pool;
        Set<Role> roles = Roles.of(env);
        this.workerRole = roles.contains(Role.WORKER);
        LOG.info("roles: {}", Role.describe(roles));
        Gauge.builder("pixflow.worker.busy", pool, WorkerPool::busy).description("worker threads rendering now").register(registry);
        this.props = props;
    }

    @Override
    public void start() {
        if (workerRole && props.worker().enabled()) {
            pool.start();
            LOG.info("worker started with {} threads", pool.concurrency());
        }
        running = true;
    }

    @Override
    public void stop() {
        WorkerPool.Stopped stopped = pool.stop(props.worker().shutdownGrace());
        if (workerRole && props.worker().enabled()) {
            // Said also when none was in hand: an operator (and the fault suite) reads what the stop found.
            LOG.info("workers stopped: {} job(s) in hand at the stop, {} finished, {} released{}", stopped.inHand(),
                    stopped.finished(), stopped.released(),
                    stopped.leftToLease() > 0 ? ", " + stopped.leftToLease() + " left to their lease" : "");
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
