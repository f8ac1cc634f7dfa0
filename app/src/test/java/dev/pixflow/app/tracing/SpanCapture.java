package dev.pixflow.app.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The spans a test context ended, in memory, beside (or instead of) an OTLP exporter. */
@TestConfiguration(proxyBeanMethods = false)
public class SpanCapture {

    @Bean
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }
}
