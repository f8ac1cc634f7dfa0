package dev.pixflow.app.tracing;

import dev.pixflow.core.domain.LeasedJob;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a job carries its trace from the work that queued it to the worker that runs it: the current
 * span's W3C trace context ({@code traceparent}, {@code tracestate}) is written with the job, and the
 * worker's span for the job continues it. Without tracing (off, the default) it does nothing.
 */
public final class JobTracing {
    /** The worker's span for a render job, named as operators search for it. */
    public static final String RENDER_SPAN = "render";

    private final Tracer tracer;
    private final Propagator propagator;

    public JobTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Tracing off: jobs carry nothing, workers start no spans. */
    public static JobTracing off() {
        return new JobTracing(Tracer.NOOP, Propagator.NOOP);
    }

    public boolean on() {
        return tracer != Tracer.NOOP;
    }

    public Tracer tracer() {
        return tracer;
    }

    /** The current span's context as text pairs; empty when no span is current. */
    public Map<String, String> current() {
        Span span = tracer.currentSpan();
        if (span == null) {
            return Map.of();
        }
        Map<String, String> carrier = new LinkedHashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        return carrier;
    }

    /** A started span for {@code job}, the child of the span that queued it (a new trace if none did). */
    public Span startJob(LeasedJob job) {
        Map<String, String> carrier = job.spec().traceContext();
        Span.Builder builder = carrier.isEmpty() ? tracer.spanBuilder().setNoParent() : propagator.extract(carrier, Map::get);
        return builder.name(job.spec().isDescribe() ? "describe" : RENDER_SPAN).kind(Span.Kind.CONSUMER)
                .tag("pixflow.job.id", Long.toString(job.id()))
                .tag("pixflow.image.id", job.spec().imageId().value())
                .tag("pixflow.job.attempt", Integer.toString(job.attempt()))
                .start();
    }
}
