package dev.pixflow.app.config;

import dev.pixflow.app.logging.LeasedJobLogContext;
import dev.pixflow.app.logging.LogContext;
import dev.pixflow.app.security.SecurityProperties;
import dev.pixflow.app.tracing.JobSpans;
import dev.pixflow.app.tracing.JobTracing;
import dev.pixflow.app.tracing.StoreSpans;
import com.github.f4b6a3.uuid.UuidCreator;
import dev.pixflow.adapter.blob.fs.FileSystemBlobStore;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.BlobReferences;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.Expirations;
import dev.pixflow.core.port.ImageEngine;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.ImageSearch;
import dev.pixflow.core.port.JobQueue;
import dev.pixflow.core.port.RenditionRecords;
import dev.pixflow.core.port.StorageQuota;
import dev.pixflow.core.port.Telemetry;
import dev.pixflow.core.usecase.DescribeImage;
import dev.pixflow.core.usecase.Lifecycle;
import dev.pixflow.core.usecase.ImageCatalog;
import dev.pixflow.core.usecase.ImageChanges;
import dev.pixflow.core.usecase.LiveImages;
import dev.pixflow.core.usecase.ProcessJob;
import dev.pixflow.core.usecase.RenderGate;
import dev.pixflow.core.usecase.RenderVariants;
import dev.pixflow.core.usecase.RenditionSettings;
import dev.pixflow.core.usecase.RemoveRendition;
import dev.pixflow.core.usecase.RequestRendition;
import dev.pixflow.core.usecase.UploadImage;
import dev.pixflow.core.usecase.UploadPolicy;
import dev.pixflow.core.usecase.UploadSpooler;
import dev.pixflow.core.usecase.VariantCatalogue;
import dev.pixflow.core.usecase.WorkerPool;
import dev.pixflow.engine.vips.VipsImageEngine;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Wires the core's use cases, and the local disk as the blob store unless {@code pixflow.storage.type}
 * names another. The catalogue's stores come from the configuration of its backend (package
 * {@code dev.pixflow.app.catalogue}), the queue from the embedded catalogue or SQS.
 */
@Configuration(proxyBeanMethods = false)
public class CoreWiring {

    /** The engines this server runs on; a combination it cannot run on fails the start. */
    @Bean
    Backends backends(Environment env) {
        return Backends.of(env).requireRunnable();
    }

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
    @ConditionalOnBackend(storage = Backends.Storage.FS)
    FileSystemBlobStore blobStore(PixflowProperties props) throws IOException {
        return new FileSystemBlobStore(props.dataDir().resolve("blobs"));
    }

    @Bean
    ImageEngine imageEngine(PixflowProperties props) {
        return new VipsImageEngine(props.engine().vipsSettings());
    }

    @Bean
    UploadSpooler uploadSpooler(BlobStore blobs, PixflowProperties props) throws IOException {
        UploadSpooler spooler = new UploadSpooler(blobs.spoolDirectory(), props.upload().maxBytes().toBytes());
        // Before the server takes requests: whatever is in the spool now was left by a process that died.
        int swept = spooler.sweepLeftovers();
        if (swept > 0) {
            LoggerFactory.getLogger(CoreWiring.class).info("removed {} temporary files left by an earlier run", swept);
        }
        return spooler;
    }

    @Bean
    RenderGate renderGate(PixflowProperties props) {
        return new RenderGate(props.delivery().slots(), props.delivery().renderWait().toMillis(), LogContext::carried);
    }

    @Bean
    UploadImage uploadImage(UploadSpooler spooler, RenderGate gate, ImageEngine engine, BlobStore blobs,
                            ImageRecords records, ImageSearch search, BlobReferences references, VariantCatalogue variants,
                            PixflowProperties props, Supplier<ImageId> ids, Clock clock, Telemetry telemetry,
                            Lifecycle lifecycle, ObjectProvider<StorageQuota> quota, SecurityProperties security) {
        StorageQuota storageQuota = quota.getIfAvailable(() -> StorageQuota.NONE);
        if (storageQuota == StorageQuota.NONE && security.limits().storedBytes().toBytes() > 0) {
            // A quota set and silently not kept would be worse than a server that does not start.
            throw new IllegalStateException("pixflow.security.limits.stored-bytes needs the catalogue in SQLite or PostgreSQL");
        }
        return new UploadImage(spooler, gate, engine, blobs, records, search, references,
                new UploadPolicy(variants, props.upload().limits(), lifecycle, storageQuota), ids, clock, telemetry);
    }

    @Bean
    RenditionSettings renditionSettings(PixflowProperties props) {
        return props.renditionSettings();
    }

    @Bean
    RenderVariants renderVariants(ImageEngine engine, BlobStore blobs, ImageRecords records, RenditionRecords renditions,
                                  VariantCatalogue catalogue, RenditionSettings settings, Clock clock, Telemetry telemetry,
                                  JobTracing tracing) {
        return new RenderVariants(engine, tracing.on() ? new StoreSpans(blobs, tracing.tracer()) : blobs, records, renditions,
                catalogue, settings, clock, telemetry);
    }

    @Bean
    RequestRendition requestRendition(LiveImages live, ImageRecords records, RenditionRecords renditions, VariantCatalogue catalogue,
                                      RenditionSettings settings, Clock clock, Telemetry telemetry,
                                      ObjectProvider<StorageQuota> quota, PixflowProperties props) {
        return new RequestRendition(live, records, renditions, catalogue, settings, clock, telemetry,
                quota.getIfAvailable(() -> StorageQuota.NONE), props.limits().maxRenditions());
    }

    @Bean
    RemoveRendition removeRendition(LiveImages live, RenditionRecords renditions, VariantCatalogue catalogue, BlobStore blobs,
                                    ImageChanges changes) {
        return new RemoveRendition(live, renditions, catalogue, blobs, changes);
    }

    @Bean
    ProcessJob processJob(JobQueue queue, ImageRecords records, RenditionRecords renditions, EventLog events,
                          RenderVariants renderer, Clock clock, Telemetry telemetry, ObjectProvider<DescribeImage> altText,
                          JobTracing tracing) {
        return new ProcessJob(tracing.on() ? new JobSpans(queue, tracing) : queue, records, renditions, events, renderer,
                clock, telemetry, Optional.ofNullable(altText.getIfAvailable()));
    }

    @Bean
    WorkerPool workerPool(JobQueue queue, ProcessJob processor, PixflowProperties props, JobTracing tracing) {
        JobQueue logged = new LeasedJobLogContext(queue);
        return new WorkerPool(tracing.on() ? new JobSpans(logged, tracing) : logged, processor, props.worker().threads(),
                props.queue().lease(), props.worker().idlePoll());
    }

    /** Whether a reader may see an image, and whether it has expired, the same for the API and delivery. */
    @Bean
    LiveImages liveImages(ImageRecords records, Expirations expirations, Clock clock) {
        return new LiveImages(records, expirations, clock);
    }

    /** Edits and deletes made in this process, for the caches that must forget them at once. */
    @Bean
    ImageChanges imageChanges() {
        return new ImageChanges();
    }

    @Bean
    ImageCatalog imageCatalog(LiveImages live, ImageRecords records, ImageSearch search, BlobStore blobs,
                              ImageChanges changes) {
        return new ImageCatalog(live, records, search, blobs, changes);
    }
}
