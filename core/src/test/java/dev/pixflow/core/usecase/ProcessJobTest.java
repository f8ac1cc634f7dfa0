package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.DeadJob;
import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.LeasedJob;
import dev.pixflow.core.domain.QueueStats;
import dev.pixflow.core.domain.RecordPatch;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.RenditionRequest;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.recipe.Resize;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.core.recipe.Watermark;
import dev.pixflow.core.testing.CannedDescriber;
import dev.pixflow.core.testing.FakeImages;
import dev.pixflow.core.testing.InMemoryCore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessJobTest {
    private static final byte[] PHOTO = FakeImages.bytes("jpeg", 3000, 2000);

    @TempDir
    Path dir;
    private InMemoryCore core;
    private ProcessJob worker;

    // Failing jobs are this class's subject: their warnings would only bury the test report.
    private static final Logger PROCESS_JOB_LOG = Logger.getLogger(ProcessJob.class.getName());

    @BeforeAll
    static void quiet() {
        PROCESS_JOB_LOG.setLevel(Level.SEVERE);
    }

    @AfterAll
    static void restore() {
        PROCESS_JOB_LOG.setLevel(null);
    }

    @BeforeEach
    void wire() throws IOException {
        core = new InMemoryCore(dir);
        worker = core.processJob();
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void aLeasedJobRendersTheMissingVariantsMarksTheImageReadyAndIsAcknowledged() throws Exception {
        ImageRecord uploaded = core.upload("ana", PHOTO);
        LeasedJob job = core.lease().orElseThrow();

        worker.process(job);

        ImageRecord image = core.catalogue().find(uploaded.id()).orElseThrow();
        assertThat(image.status()).isEqualTo(ImageStatus.READY);
        assertThat(image.renditions().keySet()).containsExactlyInAnyOrder("thumb", "medium", "large");
        for (Variant v : core.variants().all()) {
            Rendition r = image.renditions().get(v.name());
            assertThat(r.key()).isEqualTo(BlobKey.rendition(image.id(), v.name(), v.recipeHash(), ImageFormat.JPEG));
            assertThat(core.blobs().contains(r.key())).isTrue();
            assertThat(r.bytes()).isEqualTo(core.blobs().bytes(r.key()).length);
        }
        assertThat(size(image.renditions().get("thumb"))).isEqualTo("256x256");
        assertThat(size(image.renditions().get("medium"))).isEqualTo("1024x683");
        assertThat(size(image.renditions().get("large"))).isEqualTo("2048x1365");

        assertThat(core.queue().jobs()).isEmpty();
        assertThat(core.queue().acknowledged()).containsExactly(job.id());
        assertThat(core.events().types()).containsExactly(EventType.IMAGE_STORED, EventType.RENDITION_READY,
                EventType.RENDITION_READY, EventType.RENDITION_READY);
        assertThat(core.engine().renders()).as("all variants from one decode").hasSize(1);
        assertThat(core.telemetry().details("rendered")).containsExactlyInAnyOrder("thumb", "medium", "large");
        assertThat(core.telemetry().count("jobSucceeded")).isEqualTo(1);
        try (var left = Files.list(core.blobs().spoolDirectory())) {
            assertThat(left).as("no render output left in the spool").isEmpty();
        }
    }

    @Test
    void aSmallImageIsNeverEnlarged() throws Exception {
        ImageRecord uploaded = core.upload("ana", FakeImages.bytes("jpeg", 640, 480));

        core.processAll(worker);

        Map<String, Rendition> made = core.catalogue().find(uploaded.id()).orElseThrow().renditions();
        assertThat(size(made.get("thumb"))).isEqualTo("256x256");
        assertThat(size(made.get("medium"))).isEqualTo("640x480");
        assertThat(size(made.get("large"))).isEqualTo("640x480");
    }

    @Test
    void onlyWhatIsMissingIsRenderedAgain() throws Exception {
        ImageRecord uploaded = core.upload("ana", PHOTO);
        core.processAll(worker);
        core.queue().enqueue(new JobSpec(uploaded.id(), List.of("thumb", "medium", "large")));

        core.processAll(worker);

        assertThat(core.engine().renders()).hasSize(1);
        assertThat(core.queue().jobs()).isEmpty();
        assertThat(core.catalogue().find(uploaded.id()).orElseThrow().status()).isEqualTo(ImageStatus.READY);
    }

    @Test
    void aFailingRenderIsRetriedWithBackoffAndOnTheLastAttemptFailsTheImageAndTheJobDies() throws Exception {
        ImageRecord uploaded = core.upload("ana", PHOTO);
        core.engine().failRenders(new IllegalStateException("vips_resize: out of memory"));

        worker.process(core.lease().orElseThrow());
        assertThat(core.catalogue().find(uploaded.id()).orElseThrow().status()).isEqualTo(ImageStatus.PROCESSING);
        assertThat(core.lease()).as("not due before its backoff").isEmpty();
        core.clock().advance(ProcessJob.backoff(1));

        LeasedJob second = core.lease().orElseThrow();
        assertThat(second.attempt()).isEqualTo(2);
        worker.process(second);
        core.clock().advance(ProcessJob.backoff(2));

        LeasedJob last = core.lease().orElseThrow();
        assertThat(last.isLastAttempt()).isTrue();
        worker.process(last);

        assertThat(core.catalogue().find(uploaded.id()).orElseThrow().status()).isEqualTo(ImageStatus.FAILED);
        List<DeadJob> dead = core.queue().deadJobs(10);
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.spec().imageId()).isEqualTo(uploaded.id());
            assertThat(d.attempts()).isEqualTo(InMemoryCore.MAX_ATTEMPTS);
            assertThat(d.lastError()).isEqualTo("IllegalStateException: vips_resize: out of memory");
        });
        assertThat(core.queue().stats()).isEqualTo(new QueueStats(0, 0, 1, Duration.ZERO));
        ImageEvent told = core.events().ofType(EventType.JOB_DEAD).getFirst();
        assertThat(told.imageId()).isEqualTo(uploaded.id());
        assertThat(told.owner()).isEqualTo("ana");
        assertThat(told.error()).hasValue("IllegalStateException: vips_resize: out of memory");
        assertThat(core.telemetry().details("jobFailed")).containsExactly("retry", "retry", "dead");
        assertThat(core.blobs().keys(BlobKey.renditionPrefix(uploaded.id()))).isEmpty();
    }

    @Test
    void aRedrivenDeadJobCanStillMakeTheImageReady() throws Exception {
        ImageRecord uploaded = core.upload("ana", PHOTO);
        core.engine().failRenders(new IllegalStateException("disk full"));
        for (int attempt = 1; attempt <= InMemoryCore.MAX_ATTEMPTS; attempt++) {
            worker.process(core.lease().orElseThrow());
            core.clock().advance(Duration.ofMinutes(10));
        }
        core.engine().failRenders(null);

        assertThat(core.queue().redrive(List.of())).isEqualTo(1);
        core.processAll(worker);

        assertThat(core.catalogue().find(uploaded.id()).orElseThrow().status()).isEqualTo(ImageStatus.READY);
        assertThat(core.queue().jobs()).isEmpty();
    }

    @Test
    void aJobWhoseImageWasDeletedMeanwhileIsAcknowledgedWithoutError() throws Exception {
        ImageRecord uploaded = core.upload("ana", PHOTO);
        core.catalogue().remove(uploaded.id(), core.clock().instant(), Optional.empty(), core.blobs()::delete);

        worker.process(core.lease().orElseThrow());

        assertThat(core.queue().jobs()).isEmpty();
        assertThat(core.engine().renders()).isEmpty();
        assertThat(core.telemetry().count("jobFailed")).isZero();
        assertThat(core.events().ofType(EventType.JOB_DEAD)).isEmpty();
    }

    @Test
    void anImageDeletedWhileItsJobRendersLeavesNoRenditionAndTheJobIsDone() throws Exception {
        ImageRecord uploaded = core.upload("ana", PHOTO);
        core.engine().duringRender(() -> core.catalogue().remove(uploaded.id(), core.clock().instant(), Optional.empty(),
                key -> { }));

        worker.process(core.lease().orElseThrow());

        assertThat(core.queue().jobs()).isEmpty();
        assertThat(core.queue().deadJobs(10)).isEmpty();
        assertThat(core.blobs().keys(BlobKey.renditionPrefix(uploaded.id()))).isEmpty();
        assertThat(core.events().ofType(EventType.RENDITION_READY)).isEmpty();
        try (var left = Files.list(core.blobs().spoolDirectory())) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aJobOfAnExpiredImageRendersNothing() throws Exception {
        ImageRecord uploaded = core.upload("ana", PHOTO);
        core.catalogue().edit(uploaded.id(), RecordPatch.expiry(Optional.of(core.clock().instant().plusSeconds(60))), core.clock().instant());
        core.clock().advance(Duration.ofMinutes(2));

        worker.process(core.lease().orElseThrow());

        assertThat(core.queue().jobs()).isEmpty();
        assertThat(core.engine().renders()).isEmpty();
        assertThat(core.catalogue().find(uploaded.id()).orElseThrow().status()).isEqualTo(ImageStatus.PROCESSING);
    }

    @Test
    void withADescriberTheRenderJobQueuesADescribeJobThatCallsTheDescriberOnly() throws Exception {
        CannedDescriber describer = new CannedDescriber("Fishing boats moored in a harbour at dusk.");
        ProcessJob describing = core.processJob(Optional.of(core.describeImage(describer)));
        ImageRecord uploaded = core.upload("ana", PHOTO);

        describing.process(core.lease().orElseThrow());
        assertThat(core.queue().pending()).containsExactly(JobSpec.describe(uploaded.id()));
        ImageRecord rendered = core.catalogue().find(uploaded.id()).orElseThrow();
        int rendersBefore = core.engine().renders().size();
        int eventsBefore = core.events().events().size();

        describing.process(core.lease().orElseThrow());

        ImageRecord described = core.catalogue().find(uploaded.id()).orElseThrow();
        assertThat(describer.shown()).as("one small JPEG").containsExactly("jpeg 512x341");
        assertThat(described.metadata().altText()).isEqualTo("Fishing boats moored in a harbour at dusk.");
        assertThat(described.renditions()).isEqualTo(rendered.renditions());
        assertThat(described.status()).isEqualTo(ImageStatus.READY);
        assertThat(core.engine().renders()).hasSize(rendersBefore + 1);
        assertThat(core.events().events()).hasSize(eventsBefore);
        assertThat(core.queue().jobs()).isEmpty();
        assertThat(core.telemetry().details("altText")).containsExactly("written");
        assertThat(core.blobs().keys(BlobKey.renditionPrefix(uploaded.id()))).hasSize(3);
    }

    @Test
    void anImageWithAltTextOfItsOwnGetsNoDescribeJob() throws Exception {
        CannedDescriber describer = new CannedDescriber("a model's words");
        ProcessJob describing = core.processJob(Optional.of(core.describeImage(describer)));
        core.upload("ana", PHOTO, ImageMetadata.empty().withAltText("My words"));

        core.processAll(describing);

        assertThat(describer.shown()).isEmpty();
        assertThat(core.queue().jobs()).isEmpty();
    }

    @Test
    void aDescribeJobWithoutADescriberIsSimplyDone() throws Exception {
        ImageRecord uploaded = core.upload("ana", PHOTO);
        core.processAll(worker);
        core.queue().enqueue(JobSpec.describe(uploaded.id()));

        core.processAll(worker);

        assertThat(core.queue().jobs()).isEmpty();
        assertThat(core.engine().renders()).hasSize(1);
    }

    @Test
    void anAskedForRenditionThatKeepsFailingIsMarkedFailedAloneAndTheImageStaysReady() throws Exception {
        ImageRecord uploaded = core.upload("ana", PHOTO);
        core.processAll(worker);
        Variant poster = new Variant("poster", Recipe.of(Resize.inside(300, 300)));
        core.catalogue().requestRendition(uploaded.id(), poster, core.clock().instant(),
                new JobSpec(uploaded.id(), List.of(), List.of(poster)));
        core.engine().failRenders(new IllegalStateException("bad pixels"));

        for (int attempt = 1; attempt <= InMemoryCore.MAX_ATTEMPTS; attempt++) {
            worker.process(core.lease().orElseThrow());
            core.clock().advance(Duration.ofMinutes(10));
        }

        ImageRecord image = core.catalogue().find(uploaded.id()).orElseThrow();
        assertThat(image.status()).isEqualTo(ImageStatus.READY);
        assertThat(image.request("poster")).get().extracting(RenditionRequest::error)
                .isEqualTo(Optional.of("IllegalStateException: bad pixels"));
        assertThat(core.events().ofType(EventType.JOB_DEAD)).singleElement()
                .satisfies(e -> assertThat(e.variant()).hasValue("poster"));
    }

    @Test
    void anAskedForRenditionIsMadeUnderItsOwnName() throws Exception {
        ImageRecord uploaded = core.upload("ana", PHOTO);
        core.processAll(worker);
        Variant poster = new Variant("poster", Recipe.of(Resize.inside(300, 300)));
        core.catalogue().requestRendition(uploaded.id(), poster, core.clock().instant(),
                new JobSpec(uploaded.id(), List.of(), List.of(poster)));

        core.processAll(worker);

        Rendition made = core.catalogue().find(uploaded.id()).orElseThrow().renditions().get("poster");
        assertThat(made.key()).isEqualTo(BlobKey.rendition(uploaded.id(), "poster", poster.recipeHash(), ImageFormat.JPEG));
        assertThat(size(made)).isEqualTo("300x200");
    }

    @Test
    void aJobOfARenditionRemovedBeforeItRanRendersNothingAndIsDone() throws Exception {
        ImageRecord uploaded = core.upload("ana", PHOTO);
        core.processAll(worker);
        Variant poster = new Variant("poster", Recipe.of(Resize.inside(300, 300)));
        core.catalogue().requestRendition(uploaded.id(), poster, core.clock().instant(),
                new JobSpec(uploaded.id(), List.of(), List.of(poster)));
        core.catalogue().removeRendition(uploaded.id(), "poster", core.clock().instant());
        int renders = core.engine().renders().size();

        assertThat(core.processAll(worker)).isEqualTo(1);

        assertThat(core.engine().renders()).as("nothing decoded for it").hasSize(renders);
        assertThat(core.catalogue().find(uploaded.id()).orElseThrow().renditions()).doesNotContainKey("poster");
        assertThat(core.queue().pending()).as("acknowledged").isEmpty();
        assertThat(core.queue().jobs()).as("none failed").isEmpty();
    }

    @Test
    void anAskedForRenditionWhoseWatermarkImageWasDeletedFailsRatherThanVanishing() throws Exception {
        ImageRecord uploaded = core.upload("ana", PHOTO);
        ImageRecord logo = core.upload("ana", FakeImages.bytes("png", 200, 100, true));
        core.processAll(worker);
        Variant marked = new Variant("marked", Recipe.of(Resize.inside(300, 300), Watermark.of(logo.id().value())));
        core.catalogue().requestRendition(uploaded.id(), marked, core.clock().instant(),
                new JobSpec(uploaded.id(), List.of(), List.of(marked)));
        core.catalogue().remove(logo.id(), core.clock().instant(), Optional.empty(), core.blobs()::delete);

        for (int attempt = 1; attempt <= InMemoryCore.MAX_ATTEMPTS; attempt++) {
            core.processAll(worker);
            core.clock().advance(Duration.ofMinutes(10));
        }

        ImageRecord image = core.catalogue().find(uploaded.id()).orElseThrow();
        assertThat(image.renditions()).doesNotContainKey("marked");
        assertThat(image.request("marked").orElseThrow().error()).as("the request is told as failed").isPresent();
    }

    private static String size(Rendition r) {
        return r.width() + "x" + r.height();
    }
}
