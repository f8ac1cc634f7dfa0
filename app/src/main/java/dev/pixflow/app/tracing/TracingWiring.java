package dev.pixflow.app.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Traces across the queue: Spring Boot makes the tracer (Micrometer Tracing on OpenTelemetry, spans
 * of HTTP requests, OTLP export) when {@code management.tracing.enabled} is on; this carries its
 * context in the jobs ({@link TracedJobTable}) to the workers ({@link JobSpans}, {@link StoreSpans}).
 */
@Configuration(proxyBeanMethods = false)
public class TracingWiring {

    @Bean
    JobTracing jobTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer t = tracer.getIfUnique(() -> Tracer.NOOP);
        Propagator p = propagator.getIfUnique(() -> Propagator.NOOP);
        return t == Tracer.NOOP || p == Propagator.NOOP ? JobTracing.off() : new JobTracing(t, p);
    }
}
