package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.MultipartRejectedException;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.UploadState;
import dev.pixflow.core.domain.UploadedPart;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.port.StorageQuota;
import dev.pixflow.core.testing.FakeImages;
import dev.pixflow.core.testing.InMemoryCore;
import dev.pixflow.core.testing.InMemoryMultipartUploads;
import dev.pixflow.core.testing.InMemoryPartStore;
import dev.pixflow.core.usecase.CompleteUpload.Completed;
import dev.pixflow.core.usecase.CompleteUpload.PartRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompleteUploadTest {
    private static final Caller ANA = new Caller("ana", false);
    /** Small parts, so a fake image of a few dozen bytes takes three. */
    private static final MultipartLimits LIMITS = new MultipartLimits(16, 16, 1024, 4096, Duration.ofHours(24));
    private static final byte[] PHOTO = FakeImages.bytes("jpeg", 4000, 3000, "a-photo-long-enough-for-three-parts");
    /** Three parts of PHOTO: two whole, one short. */
    private static final int PART = 30;
    private static final ImageMetadata METADATA = new ImageMetadata("Harbour", "Boats at dusk", List.of("boats"),
            Visibility.PRIVATE);

    @TempDir
    Path dir;
    private InMemoryCore core;
    private final InMemoryMultipartUploads uploads = new InMemoryMultipartUploads();
    private final InMemoryPartStore parts = new InMemoryPartStore();
    private StartUpload start;
    private ReceivePart receive;
    private CompleteUpload complete;

    @BeforeEach
    void wire() throws IOException {
        core = new InMemoryCore(dir);
        start = new StartUpload(uploads, parts, LIMITS, StorageQuota.NONE, core::nextUploadId, core.clock());
        receive = new ReceivePart(uploads, parts, LIMITS, StorageQuota.NONE, core.clock());
        complete = new CompleteUpload(uploads, parts, core.uploadImage(), core.catalogue(), LIMITS, core.clock(), Duration.ZERO);
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void thePartsBecomeOneImageWithTheUploadsMetadata() throws Exception {
        MultipartUpload upload = start("image/jpeg", OptionalLong.of(PHOTO.length));
        List<PartRef> listed = sendInParts(upload, PHOTO, PART);

        Completed done = complete.complete(ANA, upload.id(), listed);

        ImageRecord image = done.image();
        assertThat(done.replayed()).isFalse();
        assertThat(image.owner()).isEqualTo("ana");
        assertThat(image.filename()).isEqualTo("harbour.jpg");
        assertThat(image.metadata()).isEqualTo(METADATA);
        assertThat(image.bytes()).isEqualTo(PHOTO.length);
        assertThat(image.width()).isEqualTo(4000);
        assertThat(image.sha256()).isEqualTo(UploadImageTest.sha256(PHOTO));
        assertThat(core.blobs().bytes(image.originalKey())).isEqualTo(PHOTO);
        assertThat(core.catalogue().find(image.id())).hasValue(image);
        assertThat(core.queue().pending()).hasSize(1);

        MultipartUpload after = uploads.find(upload.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(UploadState.COMPLETED);
        assertThat(after.image()).hasValue(image.id());
        assertThat(uploads.parts(upload.id())).isEmpty();
        assertThat(parts.locations(upload.id())).as("the part bytes are deleted").isEmpty();
    }

    @Test
    void aRepeatedCompleteAnswersTheSameImage() throws Exception {
        MultipartUpload upload = start("image/jpeg", OptionalLong.empty());
        List<PartRef> listed = sendInParts(upload, PHOTO, PART);
        ImageRecord made = complete.complete(ANA, upload.id(), listed).image();

        Completed again = complete.complete(ANA, upload.id(), listed);

        assertThat(again.replayed()).isTrue();
        assertThat(again.image()).isEqualTo(made);
        assertThat(core.catalogue().records()).hasSize(1);
        assertThat(core.queue().pending()).hasSize(1);
    }

    @Test
    void aCompletionCutOffByACrashIsTakenOverOnceItsLeaseRunsOut() throws Exception {
        MultipartUpload upload = start("image/jpeg", OptionalLong.of(PHOTO.length));
        List<PartRef> listed = sendInParts(upload, PHOTO, PART);
        Instant crashed = core.clock().instant();
        // A request took the completion and died before it made anything: its lease stays in the store.
        assertThat(uploads.startCompleting(upload.id(), crashed, crashed.plus(CompleteUpload.LEASE), crashed.plus(CompleteUpload.HOLD)))
                .isTrue();

        core.clock().advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> complete.complete(ANA, upload.id(), listed))
                .isInstanceOfSatisfying(MultipartRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MultipartRejectedException.Reason.UPLOAD_NOT_OPEN);
                    assertThat(e.retryAfterSeconds()).hasValue(CompleteUpload.LEASE.toSeconds() - 10 + 1);
                });

        core.clock().advance(CompleteUpload.LEASE);
        Completed done = complete.complete(ANA, upload.id(), listed);
        assertThat(done.replayed()).isFalse();
        assertThat(done.image().id()).isEqualTo(upload.imageId());
        assertThat(core.catalogue().records()).hasSize(1);
    }

    @Test
    void aCompletionThatCrashedAfterMakingTheImageIsFinishedWithThatImage() throws Exception {
        MultipartUpload upload = start("image/jpeg", OptionalLong.of(PHOTO.length));
        List<PartRef> listed = sendInParts(upload, PHOTO, PART);
        Instant crashed = core.clock().instant();
        uploads.startCompleting(upload.id(), crashed, crashed.plus(CompleteUpload.LEASE), crashed.plus(CompleteUpload.HOLD));
        // It made the image (whose id the upload decides) and died before marking the upload completed.
        ImageRecord made = core.uploadImage().upload(new UploadRequest(new ByteArrayInputStream(PHOTO),
                Optional.of("image/jpeg"), "harbour.jpg", METADATA, "ana").withId(upload.imageId()));
        core.clock().advance(CompleteUpload.LEASE.plusSeconds(1));

        Completed done = complete.complete(ANA, upload.id(), listed);

        assertThat(done.image().id()).isEqualTo(made.id());
        assertThat(done.replayed()).isTrue();
        assertThat(core.catalogue().records()).as("no second image").hasSize(1);
        assertThat(uploads.find(upload.id()).orElseThrow().state()).isEqualTo(UploadState.COMPLETED);
        assertThat(parts.locations(upload.id())).isEmpty();
    }

    @Test
    void completionsReleasedAtStartAreTakenOverAtOnce() throws Exception {
        MultipartUpload upload = start("image/jpeg", OptionalLong.of(PHOTO.length));
        List<PartRef> listed = sendInParts(upload, PHOTO, PART);
        Instant crashed = core.clock().instant();
        uploads.startCompleting(upload.id(), crashed, crashed.plus(CompleteUpload.LEASE), crashed.plus(CompleteUpload.HOLD));
        // The embedded store's only process started again: no completion can still be running.
        uploads.releaseCompletions();

        assertThat(complete.complete(ANA, upload.id(), listed).image().id()).isEqualTo(upload.imageId());
    }

    @Test
    void aRepeatedCompleteOfAnImageSinceDeletedIsNotFound() throws Exception {
        MultipartUpload upload = start("image/jpeg", OptionalLong.empty());
        List<PartRef> listed = sendInParts(upload, PHOTO, PART);
        ImageRecord made = complete.complete(ANA, upload.id(), listed).image();
        core.imageCatalog(new ImageChanges()).delete(ANA, made.id());

        assertThatThrownBy(() -> complete.complete(ANA, upload.id(), listed)).isInstanceOf(NotFoundException.class);
        assertThat(core.catalogue().records()).isEmpty();
    }

    @Test
    void aWrongEtagIsRefusedAndTheUploadStaysOpenWithItsParts() throws Exception {
        MultipartUpload upload = start("image/jpeg", OptionalLong.empty());
        List<PartRef> listed = sendInParts(upload, PHOTO, PART);
        List<PartRef> wrong = new ArrayList<>(listed);
        wrong.set(1, new PartRef(2, "0123456789abcdef0123456789abcdef"));

        assertThatThrownBy(() -> complete.complete(ANA, upload.id(), wrong))
                .isInstanceOfSatisfying(MultipartRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(MultipartRejectedException.Reason.INVALID_PART));

        assertThat(uploads.find(upload.id()).orElseThrow().state()).isEqualTo(UploadState.OPEN);
        assertThat(uploads.find(upload.id()).orElseThrow().expiresAt()).as("a failed complete holds it no longer")
                .isEqualTo(upload.expiresAt());
        assertThat(uploads.parts(upload.id())).hasSize(3);
        assertThat(core.catalogue().records()).isEmpty();

        // One that fails a minute before the upload's expiry leaves the client the time to complete again.
        core.clock().advance(java.time.Duration.between(core.clock().instant(), upload.expiresAt()).minusMinutes(1));
        assertThatThrownBy(() -> complete.complete(ANA, upload.id(), wrong)).isInstanceOf(MultipartRejectedException.class);
        assertThat(uploads.find(upload.id()).orElseThrow().expiresAt())
                .isEqualTo(core.clock().instant().plus(CompleteUpload.REOPEN_GRACE));
        assertThat(complete.complete(ANA, upload.id(), listed).replayed()).as("the right list still completes").isFalse();
    }

    @Test
    void etagsAreComparedAsS3ClientsCopyThemQuotedAndInAnyCase() throws Exception {
        MultipartUpload upload = start("image/jpeg", OptionalLong.empty());
        List<PartRef> quoted = sendInParts(upload, PHOTO, PART).stream()
                .map(p -> new PartRef(p.number(), "\"" + p.etag().toUpperCase() + "\"")).toList();

        assertThat(complete.complete(ANA, upload.id(), quoted).image().bytes()).isEqualTo(PHOTO.length);
    }

    @Test
    void partsOutOfOrderOrASmallPartBeforeTheLastAreRefused() throws Exception {
        MultipartUpload upload = start("image/jpeg", OptionalLong.empty());
        List<PartRef> listed = sendInParts(upload, PHOTO, PART);

        assertThatThrownBy(() -> complete.complete(ANA, upload.id(), List.of(listed.get(1), listed.get(0), listed.get(2))))
                .isInstanceOfSatisfying(MultipartRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(MultipartRejectedException.Reason.INVALID_PART_ORDER));
        assertThatThrownBy(() -> complete.complete(ANA, upload.id(), List.of()))
                .isInstanceOfSatisfying(MultipartRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(MultipartRejectedException.Reason.INVALID_PART_ORDER));

        MultipartUpload small = start("image/jpeg", OptionalLong.empty());
        List<PartRef> smallParts = sendInParts(small, PHOTO, 10);
        assertThatThrownBy(() -> complete.complete(ANA, small.id(), smallParts))
                .isInstanceOfSatisfying(MultipartRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(MultipartRejectedException.Reason.PART_TOO_SMALL));
        assertThat(uploads.find(small.id()).orElseThrow().state()).isEqualTo(UploadState.OPEN);
        assertThat(core.catalogue().records()).isEmpty();
    }

    @Test
    void partsThatDoNotAddUpToTheDeclaredSizeAreRefused() throws Exception {
        MultipartUpload upload = start("image/jpeg", OptionalLong.of(PHOTO.length + 1));
        List<PartRef> listed = sendInParts(upload, PHOTO, PART);

        assertThatThrownBy(() -> complete.complete(ANA, upload.id(), listed))
                .isInstanceOfSatisfying(MultipartRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(MultipartRejectedException.Reason.SIZE_MISMATCH));
        assertThat(uploads.find(upload.id()).orElseThrow().state()).isEqualTo(UploadState.OPEN);
    }

    @Test
    void aRefusedImageDeletesTheUploadAndItsParts() throws Exception {
        MultipartUpload upload = start("image/png", OptionalLong.empty());
        List<PartRef> listed = sendInParts(upload, PHOTO, PART);

        assertThatThrownBy(() -> complete.complete(ANA, upload.id(), listed))
                .isInstanceOfSatisfying(RejectedImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectedImageException.Reason.TYPE_MISMATCH));

        assertThat(uploads.find(upload.id())).isEmpty();
        assertThat(parts.locations(upload.id())).isEmpty();
        assertThat(core.catalogue().records()).isEmpty();
        assertThat(core.blobs().keys()).isEmpty();
    }

    @Test
    void storageTroubleReopensTheUploadSoTheClientCanCompleteAgain() throws Exception {
        MultipartUpload upload = start("image/jpeg", OptionalLong.empty());
        List<PartRef> listed = sendInParts(upload, PHOTO, PART);
        core.catalogue().failNextCreate(new IllegalStateException("database is locked"));

        assertThatThrownBy(() -> complete.complete(ANA, upload.id(), listed)).hasMessage("database is locked");

        assertThat(uploads.find(upload.id()).orElseThrow().state()).isEqualTo(UploadState.OPEN);
        assertThat(parts.locations(upload.id())).hasSize(3);
        assertThat(complete.complete(ANA, upload.id(), listed).image().bytes()).isEqualTo(PHOTO.length);
        assertThat(core.catalogue().records()).hasSize(1);
    }

    @Test
    void anotherOwnersOrAnExpiredUploadIsNotFound() throws Exception {
        MultipartUpload upload = start("image/jpeg", OptionalLong.empty());
        List<PartRef> listed = sendInParts(upload, PHOTO, PART);

        assertThatThrownBy(() -> complete.complete(new Caller("bob", false), upload.id(), listed))
                .isInstanceOf(NotFoundException.class);
        core.clock().advance(LIMITS.expiry());
        assertThatThrownBy(() -> complete.complete(ANA, upload.id(), listed)).isInstanceOf(NotFoundException.class);
        assertThat(core.catalogue().records()).isEmpty();
    }

    @Test
    void aResentPartReplacesTheEarlierOneAndOnlyItsBytesAreAssembled() throws Exception {
        MultipartUpload upload = start("image/jpeg", OptionalLong.empty());
        List<PartRef> listed = new ArrayList<>(sendInParts(upload, PHOTO, PART));
        UploadedPart resent = receive.receive(ANA, upload.id(), 2, new ByteArrayInputStream(Arrays.copyOfRange(PHOTO, PART, 2 * PART)),
                OptionalLong.of(PART), Optional.empty());
        listed.set(1, new PartRef(2, resent.etag()));

        assertThat(parts.locations(upload.id())).hasSize(3);
        assertThat(complete.complete(ANA, upload.id(), listed).image().sha256()).isEqualTo(UploadImageTest.sha256(PHOTO));
    }

    private MultipartUpload start(String contentType, OptionalLong size) throws IOException {
        return start.start(new StartUpload.Request("harbour.jpg", Optional.of(contentType), size, METADATA, "ana"));
    }

    private List<PartRef> sendInParts(MultipartUpload upload, byte[] bytes, int partSize) throws IOException {
        List<PartRef> listed = new ArrayList<>();
        for (int from = 0, n = 1; from < bytes.length; from += partSize, n++) {
            byte[] part = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + partSize));
            UploadedPart received = receive.receive(ANA, upload.id(), n, new ByteArrayInputStream(part),
                    OptionalLong.of(part.length), Optional.empty());
            listed.add(new PartRef(n, received.etag()));
        }
        return listed;
    }
}
