package dev.pixflow.app.health;

import dev.pixflow.adapter.blob.s3.S3BlobStore;
import dev.pixflow.app.config.Backends;
import dev.pixflow.app.config.Roles;
import dev.pixflow.app.ingest.IngestProperties;
import dev.pixflow.core.port.JobQueue;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code dependencies} health contributor: one check per {@link Dependency} of this process's
 * roles and engines. The readiness group is it and the application's readiness state
 * ({@code management.endpoint.health.group.readiness}); liveness checks nothing outside the process, so
 * an outage of a shared dependency takes pods out of their Services instead of restarting them all.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({HealthProperties.class, IngestProperties.class})
public class HealthWiring {

    @Bean
    DependencyChecks dependenciesHealthContributor(Environment env, HealthProperties props, ObjectProvider<DataSource> catalogue,
                                                   ObjectProvider<CatalogueProbe> catalogueProbe,
                                                   IngestProperties ingest, ObjectProvider<S3BlobStore> s3,
                                                   ObjectProvider<JobQueue> queue) {
        Set<Dependency> needed = Dependency.of(Roles.of(env), Backends.of(env), ingestTopicConfigured(ingest));
        Map<String, HealthIndicator> checks = new LinkedHashMap<>();
        List<AutoCloseable> owned = new ArrayList<>();
        for (Dependency dependency : needed) {
            checks.put(dependency.id(), new StatusChangeLog(dependency.id(), switch (dependency) {
                case DATABASE -> catalogue.getIfAvailable() != null
                        ? BoundedCheck.of(new DataSourceHealthIndicator(catalogue.getObject()), props.timeout())
                        : new BoundedCheck(catalogueProbe.getObject()::check, props.timeout());
                case BUCKET -> new BoundedCheck(buckets(s3.getObject(), props), props.timeout());
                case QUEUE -> new BoundedCheck(queue.getObject()::stats, props.timeout());
                case KAFKA -> {
                    KafkaTopicCheck topic = new KafkaTopicCheck(ingest.bootstrapServers(), ingest.topic(), ingest.properties(),
                            props.timeout());
                    owned.add(topic);
                    yield new BoundedCheck(topic, props.timeout());
                }
            }));
        }
        return new DependencyChecks(checks, owned);
    }

    private static boolean ingestTopicConfigured(IngestProperties ingest) {
        return ingest.topic() != null && !ingest.topic().isBlank()
                && ingest.bootstrapServers() != null && !ingest.bootstrapServers().isBlank();
    }

    /** HeadBucket on the originals bucket and, if it is another, the renditions bucket. */
    private static BoundedCheck.Probe buckets(S3BlobStore blobs, HealthProperties props) {
        Set<String> names = new java.util.LinkedHashSet<>();
        names.add(blobs.settings().originalsBucket());
        Optional.ofNullable(blobs.settings().renditionsBucket()).filter(b -> !b.isBlank()).ifPresent(names::add);
        return () -> {
            for (String bucket : names) {
                blobs.client().headBucket(b -> b.bucket(bucket)).get(props.timeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        };
    }
}
