package dev.pixflow.core.testing;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.port.ImageDescriber;
import dev.pixflow.core.usecase.DeliverImage;
import dev.pixflow.core.usecase.DescribeImage;
import dev.pixflow.core.usecase.ExpireImages;
import dev.pixflow.core.usecase.ImageCatalog;
import dev.pixflow.core.usecase.ImageChanges;
import dev.pixflow.core.usecase.Lifecycle;
import dev.pixflow.core.usecase.LiveImages;
import dev.pixflow.core.usecase.ProcessJob;
import dev.pixflow.core.usecase.RenderGate;
import dev.pixflow.core.usecase.RemoveRendition;
import dev.pixflow.core.usecase.RenderVariants;
import dev.pixflow.core.usecase.RenditionSettings;
import dev.pixflow.core.usecase.UploadImage;
import dev.pixflow.core.usecase.UploadLimits;
import dev.pixflow.core.usecase.UploadPolicy;
import dev.pixflow.core.usecase.UploadRequest;
import dev.pixflow.core.usecase.UploadSpooler;
import dev.pixflow.core.usecase.VariantCatalogue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The core's use cases wired to the in-memory fakes, the way the app wires them to the real adapters,
 * so each test states only what differs. One instance is one test's whole world: its own clock (fixed
 * until the test moves it), directory, catalogue and queue, and deterministic ids.
 */
public final class InMemoryCore implements AutoCloseable {
    public static final Instant START = Instant.parse("2026-11-21T12:00:00Z");
    public static final int MAX_ATTEMPTS = 3;
    public static final Duration LEASE = Duration.ofMinutes(5);

    private final SettableClock clock = new SettableClock(START);
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock, MAX_ATTEMPTS);
    private final InMemoryEventLog events = new InMemoryEventLog();
    private final InMemoryCatalogue catalogue = new InMemoryCatalogue(queue, events);
    private final InMemoryBlobStore blobs;
    private final FakeImageEngine engine = new FakeImageEngine();
    private final RecordingTelemetry telemetry = new RecordingTelemetry();
    private final VariantCatalogue variants = VariantCatalogue.defaults();
    // A long wait for a slot: a test's renders are few and quick, so a refusal (429) would only be a flaky test.
    private final RenderGate gate = new RenderGate(2, 10_000);
    private final AtomicLong ids = new AtomicLong();

    public InMemoryCore(Path dir) throws IOException {
        this.blobs = new InMemoryBlobStore(dir, clock);
    }

    public SettableClock clock() { return clock; }
    public InMemoryJobQueue queue() { return queue; }
    public InMemoryEventLog events() { return events; }
    public InMemoryCatalogue catalogue() { return catalogue; }
    public InMemoryBlobStore blobs() { return blobs; }
    public FakeImageEngine engine() { return engine; }
    public RecordingTelemetry telemetry() { return telemetry; }
    public VariantCatalogue variants() { return variants; }
    public RenderGate gate() { return gate; }

    /** Ids as the server makes them (UUIDv7 shaped, sorting in the order made), but predictable. */
    public ImageId nextImageId() {
        return new ImageId("0190a000-0000-7000-8000-%012x".formatted(ids.incrementAndGet()));
    }

    public UploadId nextUploadId() {
        return new UploadId("0190b000-0000-7000-8000-%012x".formatted(ids.incrementAndGet()));
    }

    public static UploadPolicy defaultPolicy() {
        return new UploadPolicy(VariantCatalogue.defaults(),
                new UploadLimits(UploadLimits.DEFAULT_MAX_BYTES, UploadLimits.DEFAULT_MAX_PIXELS), Lifecycle.FOREVER);
    }

    public UploadImage uploadImage() {
        return uploadImage(defaultPolicy());
    }

    public UploadImage uploadImage(UploadPolicy policy) {
        return new UploadImage(new UploadSpooler(blobs.spoolDirectory(), policy.limits().maxBytes()), gate, engine, blobs,
                catalogue, catalogue, catalogue, policy, this::nextImageId, clock, telemetry);
    }

    public RenderVariants renderVariants() {
        return renderVariants(variants);
    }

    public RenderVariants renderVariants(VariantCatalogue catalogueOfVariants) {
        return new RenderVariants(engine, blobs, catalogue, catalogue, catalogueOfVariants, RenditionSettings.DEFAULTS, clock,
                telemetry);
    }

    public DescribeImage describeImage(ImageDescriber describer) {
        return new DescribeImage(catalogue, blobs, engine, describer, RenditionSettings.DEFAULTS, clock, telemetry);
    }

    public ProcessJob processJob() {
        return processJob(Optional.empty());
    }

    public ProcessJob processJob(Optional<DescribeImage> describer) {
        return new ProcessJob(queue, catalogue, catalogue, events, renderVariants(), clock, telemetry, describer);
    }

    public LiveImages liveImages() {
        return new LiveImages(catalogue, catalogue, clock);
    }

    public DeliverImage deliverImage() {
        return new DeliverImage(liveImages(), blobs, variants, renderVariants(), gate, Optional.empty());
    }

    public ImageCatalog imageCatalog(ImageChanges changes) {
        return new ImageCatalog(liveImages(), catalogue, catalogue, blobs, changes);
    }

    public RemoveRendition removeRendition(ImageChanges changes) {
        return new RemoveRendition(liveImages(), catalogue, variants, blobs, changes);
    }

    public ExpireImages expireImages() {
        return new ExpireImages(catalogue, catalogue, blobs, clock, telemetry, 10);
    }

    /** Uploads {@code image} for {@code owner} through the whole upload path, with no declared type. */
    public ImageRecord upload(String owner, byte[] image) throws IOException {
        return upload(owner, image, ImageMetadata.empty());
    }

    public ImageRecord upload(String owner, byte[] image, ImageMetadata metadata) throws IOException {
        return uploadImage().upload(new UploadRequest(new ByteArrayInputStream(image), Optional.empty(), "photo.jpg",
                metadata, owner));
    }

    /** The next job due, leased as a worker would. */
    public Optional<LeasedJob> lease() {
        return queue.lease("test-worker", LEASE);
    }

    /** Works the queue like one worker until no job is due now; how many jobs it processed. */
    public int processAll(ProcessJob worker) {
        int processed = 0;
        for (Optional<LeasedJob> job = lease(); job.isPresent(); job = lease()) {
            worker.process(job.get());
            processed++;
        }
        return processed;
    }

    @Override
    public void close() {
        gate.close();
    }
}
