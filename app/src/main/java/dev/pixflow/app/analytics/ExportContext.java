package dev.pixflow.app.analytics;

import dev.pixflow.adapter.blob.fs.FileSystemBlobStore;
import dev.pixflow.app.catalogue.CatalogueWirings;
import dev.pixflow.app.config.Backends;
import dev.pixflow.app.config.ConditionalOnBackend;
import dev.pixflow.app.config.PixflowProperties;
import dev.pixflow.app.config.S3StorageWiring;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.io.IOException;
import java.time.Clock;

/**
 * The whole application context of {@code pixflow export}: the configured catalogue database, event
 * log and blob store (local disk or S3), and the export; no web server, no engine, no workers. The same
 * settings as the server's find the same data. Deliberately not a {@code @Configuration}, so the
 * server's component scan never finds it.
 */
@Import({CatalogueWirings.class, AnalyticsWiring.class, S3StorageWiring.class})
public class ExportContext {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnBackend(storage = Backends.Storage.FS)
    FileSystemBlobStore blobStore(PixflowProperties props) throws IOException {
        return new FileSystemBlobStore(props.dataDir().resolve("blobs"));
    }
}
