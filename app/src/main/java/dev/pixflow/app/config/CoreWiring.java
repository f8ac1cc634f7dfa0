package dev.pixflow.app.config;

import com.github.f4b6a3.uuid.UuidCreator;
import dev.pixflow.adapter.blob.fs.FileSystemBlobStore;
import dev.pixflow.adapter.sqlite.SqliteDatabase;
import dev.pixflow.adapter.sqlite.SqliteJobQueue;
import dev.pixflow.adapter.sqlite.SqliteMetadataStore;
import dev.pixflow.core.domain.ImageId;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.ImageEngine;
import dev.pixflow.core.port.JobQueue;
import dev.pixflow.core.port.MetadataStore;
import dev.pixflow.core.port.Telemetry;
import dev.pixflow.core.usecase.DeliverImage;
import dev.pixflow.core.usecase.DescribeImage;
import dev.pixflow.core.usecase.Lifecycle;
import dev.pixflow.core.usecase.ImageCatalog;
import dev.pixflow.core.usecase.ImageChanges;
import dev.pixflow.core.usecase.ProcessJob;
import dev.pixflow.core.usecase.RenderGate;
import dev.pixflow.core.usecase.RenderVariants;
import dev.pixflow.core.usecase.RenditionSettings;
import dev.pixflow.core.usecase.RequestRendition;
import dev.pixflow.core.usecase.UploadImage;
import dev.pixflow.core.usecase.UploadSpooler;
import dev.pixflow.core.usecase.VariantCatalogue;
import dev.pixflow.core.usecase.WorkerPool;
import dev.pixflow.engine.vips.VipsImageEngine;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Wires the core's use cases, and the embedded adapters (local disk, SQLite) unless {@code
 * pixflow.storage.type}, {@code pixflow.queue.type} or {@code pixflow.metadata.type} name another
 * engine, whose wiring is then in a configuration of its own.
 */
@Configuration(proxyBeanMethods = false)
public class CoreWiring {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Supplier<ImageId> imageIds() {
        return () -> ImageId.of(UuidCreator.getTimeOrderedEpoch());
    }

    @Bean
    VariantCatalogue variantCatalogue(PixflowProperties props) {
        return props.variantCatalogue();
    }

    @Bean
    @ConditionalOnProperty(name = "pixflow.storage.type", havingValue = "fs", matchIfMissing = true)
    FileSystemBlobStore blobStore(PixflowProperties props) throws IOException {
        return new FileSystemBlobStore(props.dataDir().resolve("blobs"));
    }

    @Bean(destroyMethod = "close")
    SqliteDatabase sqliteDatabase(PixflowProperties props) throws IOException {
        return SqliteDatabase.open(props.dataDir().resolve("pixflow.db"), 8);
    }

    /** Exposed so health checks see the database, and so Boot does not try to make a DataSource of its own. */
    @Bean
    DataSource dataSource(SqliteDatabase db) {
        return db.dataSource();
    }

    @Bean
    @ConditionalOnProperty(name = "pixflow.queue.type", havingValue = "sqlite", matchIfMissing = true)
    SqliteJobQueue jobQueue(SqliteDatabase db, Clock clock, PixflowProperties props) {
        return new SqliteJobQueue(db, clock, props.queue().maxAttempts());
    }

    /**
     * With the queue elsewhere (SQS), the catalogue still writes each job beside its record, into the
     * same table, which is then the outbox a relay empties.
     */
    @Bean
    @ConditionalOnProperty(name = "pixflow.metadata.type", havingValue = "sqlite", matchIfMissing = true)
    SqliteMetadataStore metadataStore(SqliteDatabase db, ObjectProvider<SqliteJobQueue> queue, Clock clock,
                                      PixflowProperties props) {
        return new SqliteMetadataStore(db, queue.getIfAvailable(() -> new SqliteJobQueue(db, clock, props.queue().maxAttempts())));
    }

    @Bean
    ImageEngine imageEngine(PixflowProperties props) {
        return new VipsImageEngine(props.engine().vipsSettings());
    }

    @Bean
    UploadSpooler uploadSpooler(BlobStore blobs, PixflowProperties props) throws IOException {
        UploadSpooler spooler = new UploadSpooler(blobs.spoolDirectory(), props.upload().maxBytes());
        // Before the server takes requests: whatever is in the spool now was left by a process that died.
        int swept = spooler.sweepLeftovers();
        if (swept > 0) {
            LoggerFactory.getLogger(CoreWiring.class).info("removed {} temporary files left by an earlier run", swept);
        }
        return spooler;
    }

    @Bean
    RenderGate renderGate(PixflowProperties props) {
        return new RenderGate(props.delivery().slots(), props.delivery().renderWait().toMillis());
    }

    @Bean
    UploadImage uploadImage(UploadSpooler spooler, RenderGate gate, ImageEngine engine, BlobStore blobs,
                            MetadataStore metadata, VariantCatalogue variants, PixflowProperties props,
                            Supplier<ImageId> ids, Clock clock, Telemetry telemetry, Lifecycle lifecycle) {
        return new UploadImage(spooler, gate, engine, blobs, metadata, variants, props.upload().limits(), ids, clock, telemetry,
                lifecycle);
    }

    @Bean
    RenditionSettings renditionSettings(PixflowProperties props) {
        return props.renditionSettings();
    }

    @Bean
    RenderVariants renderVariants(ImageEngine engine, BlobStore blobs, MetadataStore metadata, VariantCatalogue catalogue,
                                  RenditionSettings settings, Clock clock, Telemetry telemetry) {
        return new RenderVariants(engine, blobs, metadata, catalogue, settings, clock, telemetry);
    }

    @Bean
    RequestRendition requestRendition(MetadataStore metadata, VariantCatalogue catalogue, RenditionSettings settings,
                                      Clock clock, Telemetry telemetry) {
        return new RequestRendition(metadata, catalogue, settings, clock, telemetry);
    }

    @Bean
    ProcessJob processJob(JobQueue queue, MetadataStore metadata, EventLog events, RenderVariants renderer, Clock clock,
                          Telemetry telemetry, ObjectProvider<DescribeImage> altText) {
        return new ProcessJob(queue, metadata, events, renderer, clock, telemetry, Optional.ofNullable(altText.getIfAvailable()));
    }

    @Bean
    WorkerPool workerPool(JobQueue queue, ProcessJob processor, PixflowProperties props) {
        return new WorkerPool(queue, processor, props.worker().threads(), props.queue().lease(), props.worker().idlePoll());
    }

    @Bean
    DeliverImage deliverImage(MetadataStore metadata, BlobStore blobs, VariantCatalogue catalogue, RenderVariants renderer,
                              RenderGate gate, Clock clock) {
        return new DeliverImage(metadata, blobs, catalogue, renderer, gate, clock);
    }

    /** Edits and deletes made in this process, for the caches that must forget them at once. */
    @Bean
    ImageChanges imageChanges() {
        return new ImageChanges();
    }

    @Bean
    ImageCatalog imageCatalog(MetadataStore metadata, BlobStore blobs, Clock clock, ImageChanges changes) {
        return new ImageCatalog(metadata, blobs, clock, changes);
    }
}
