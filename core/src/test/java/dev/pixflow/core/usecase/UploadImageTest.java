package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RejectedImageException.Reason;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.core.testing.FakeImages;
import dev.pixflow.core.testing.InMemoryCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UploadImageTest {
    private static final byte[] PHOTO = FakeImages.bytes("jpeg", 640, 480);
    private static final ImageMetadata HARBOUR = new ImageMetadata("Harbour", "Boats at dusk", List.of("Boats", "sea"),
            Visibility.PRIVATE);

    @TempDir
    Path dir;
    private InMemoryCore core;
    private UploadImage upload;

    @BeforeEach
    void wire() throws IOException {
        core = new InMemoryCore(dir);
        upload = core.uploadImage();
    }

    @AfterEach
    void close() {
        core.close();
    }

    private static UploadRequest request(byte[] bytes, String declaredType, String owner) {
        return new UploadRequest(new ByteArrayInputStream(bytes), Optional.ofNullable(declaredType), "holiday/IMG_0001.jpg",
                HARBOUR, owner);
    }

    private static UploadRequest reusing(byte[] bytes, String owner) {
        return new UploadRequest(new ByteArrayInputStream(bytes), Optional.of("image/jpeg"), "again.jpg", HARBOUR, owner,
                OptionalLong.empty(), Optional.empty(), true);
    }

    @Test
    void aGoodUploadRecordsTheImageStoresItsBytesOnceAndQueuesOneJobForTheVariants() throws Exception {
        Uploaded uploaded = upload.store(request(PHOTO, "image/jpeg", "ana"));

        ImageRecord image = uploaded.record();
        String sha256 = sha256(PHOTO);
        assertThat(uploaded.duplicate()).isFalse();
        assertThat(image.status()).isEqualTo(ImageStatus.PROCESSING);
        assertThat(image.owner()).isEqualTo("ana");
        assertThat(image.bytes()).isEqualTo(PHOTO.length);
        assertThat(image.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(image.width()).isEqualTo(640);
        assertThat(image.height()).isEqualTo(480);
        assertThat(image.sha256()).isEqualTo(sha256);
        assertThat(image.originalKey()).isEqualTo(BlobKey.content(sha256));
        assertThat(image.filename()).as("the directory a client sent is dropped").isEqualTo("IMG_0001.jpg");
        assertThat(image.metadata()).isEqualTo(HARBOUR);
        assertThat(image.createdAt()).isEqualTo(InMemoryCore.START);
        assertThat(image.expiresAt()).isEmpty();

        assertThat(core.catalogue().find(image.id())).hasValue(image);
        assertThat(core.catalogue().referenceCount(image.originalKey())).isEqualTo(1);
        assertThat(core.blobs().keys()).containsExactly(image.originalKey().value());
        assertThat(core.blobs().bytes(image.originalKey())).isEqualTo(PHOTO);
        assertThat(core.queue().pending()).containsExactly(new JobSpec(image.id(), List.of("thumb", "medium", "large")));
        assertThat(core.events().types()).containsExactly(EventType.IMAGE_STORED);
        assertThat(core.telemetry().count("uploadAccepted")).isEqualTo(1);
        assertThat(core.telemetry().count("jobQueued")).isEqualTo(1);
        assertThat(core.engine().verifies()).isEqualTo(1);
        assertThat(spooled()).as("the spool file became the blob").isEmpty();
    }

    @Test
    void bytesAlreadyInTheStoreAreCopiedThereUnlessTheyChangedSinceTheyWereRead() throws Exception {
        BlobKey completed = new BlobKey("uploads/0190f1c2-aaaa-7bbb-8ccc-000000000001");
        core.blobs().putBytes(completed, PHOTO);
        BlobStore.StoredBlob read = core.blobs().find(completed).orElseThrow();

        ImageRecord copied = upload.upload(request(PHOTO, "image/jpeg", "ana").alreadyIn(read));

        assertThat(core.blobs().copies()).containsExactly(copied.originalKey().value());
        assertThat(core.blobs().puts()).as("no bytes sent again").containsExactly(completed.value());
        assertThat(core.blobs().bytes(copied.originalKey())).isEqualTo(PHOTO);

        // Replaced after the hash was taken: the copy is refused and the bytes that were hashed are stored.
        byte[] other = FakeImages.bytes("jpeg", 320, 240);
        core.blobs().putBytes(completed, other);
        byte[] photo2 = FakeImages.bytes("jpeg", 641, 480);
        ImageRecord put = upload.upload(request(photo2, "image/jpeg", "ana").alreadyIn(read));

        assertThat(core.blobs().copies()).hasSize(1);
        assertThat(core.blobs().bytes(put.originalKey())).isEqualTo(photo2);
        assertThat(put.sha256()).isEqualTo(sha256(photo2));
    }

    @Test
    void theJobNamesTheConfiguredVariantsInTheirOrder() throws Exception {
        VariantCatalogue two = new VariantCatalogue(List.of(
                Variant.of("square", "w:100,h:100,fit:cover"),
                Variant.of("wide", "w:800")));
        UploadImage withTwo = core.uploadImage(new UploadPolicy(two, InMemoryCore.defaultPolicy().limits(), Lifecycle.FOREVER));

        ImageRecord image = withTwo.upload(request(PHOTO, null, "ana"));

        assertThat(core.queue().pending()).containsExactly(new JobSpec(image.id(), List.of("square", "wide")));
    }

    @Test
    void aDuplicateThatMayBeReusedAnswersTheOwnersImageAndStoresNothingNew() throws Exception {
        ImageRecord first = upload.upload(request(PHOTO, "image/jpeg", "ana"));

        Uploaded again = upload.store(reusing(PHOTO, "ana"));

        assertThat(again.duplicate()).isTrue();
        assertThat(again.record()).isEqualTo(first);
        assertThat(core.catalogue().records()).containsExactly(first);
        assertThat(core.blobs().puts()).hasSize(1);
        assertThat(core.catalogue().referenceCount(first.originalKey())).isEqualTo(1);
        assertThat(core.queue().pending()).hasSize(1);
        assertThat(core.telemetry().count("uploadDuplicate")).isEqualTo(1);
        assertThat(core.telemetry().count("uploadAccepted")).isEqualTo(1);
        assertThat(spooled()).isEmpty();
    }

    @Test
    void anotherOwnersBytesAreNoDuplicateButShareTheStoredOriginal() throws Exception {
        ImageRecord ana = upload.upload(request(PHOTO, "image/jpeg", "ana"));

        Uploaded bob = upload.store(reusing(PHOTO, "bob"));

        assertThat(bob.duplicate()).isFalse();
        assertThat(bob.record().id()).isNotEqualTo(ana.id());
        assertThat(bob.record().owner()).isEqualTo("bob");
        assertThat(bob.record().originalKey()).isEqualTo(ana.originalKey());
        assertThat(core.blobs().keys()).containsExactly(ana.originalKey().value());
        assertThat(core.catalogue().referenceCount(ana.originalKey())).isEqualTo(2);
    }

    @Test
    void theSameBytesWithoutReuseMakeASecondImage() throws Exception {
        ImageRecord first = upload.upload(request(PHOTO, "image/jpeg", "ana"));
        ImageRecord second = upload.upload(request(PHOTO, "image/jpeg", "ana"));

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(core.catalogue().records()).hasSize(2);
        assertThat(core.catalogue().referenceCount(first.originalKey())).isEqualTo(2);
        assertThat(core.queue().pending()).hasSize(2);
    }

    @Test
    void aDeclaredTypeOtherThanTheBytesIsRefusedAndLeavesNothing() throws Exception {
        byte[] png = FakeImages.bytes("png", 640, 480);

        assertThatThrownBy(() -> upload.upload(request(png, "image/jpeg", "ana")))
                .isInstanceOfSatisfying(RejectedImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TYPE_MISMATCH));

        assertNothingKept(BlobKey.content(sha256(png)));
        assertThat(core.engine().verifies()).as("refused on the header").isZero();
        assertThat(core.telemetry().details("uploadRejected")).containsExactly("type_mismatch");
    }

    @Test
    void aGenericDeclaredTypeLetsTheBytesDecide() throws Exception {
        ImageRecord image = upload.upload(request(FakeImages.bytes("png", 10, 10), "application/octet-stream", "ana"));

        assertThat(image.format()).isEqualTo(ImageFormat.PNG);
    }

    @Test
    void heicAndAvifMayBeDeclaredForEachOther() throws Exception {
        ImageRecord image = upload.upload(request(FakeImages.bytes("avif", 10, 10), "image/heic", "ana"));

        assertThat(image.format()).isEqualTo(ImageFormat.AVIF);
    }

    @Test
    void aDeclaredTypeThatIsNoImageIsRefusedBeforeAnyByteIsRead() {
        ByteArrayInputStream body = new ByteArrayInputStream(PHOTO);

        assertThatThrownBy(() -> upload.upload(new UploadRequest(body, Optional.of("application/pdf"), "a.pdf",
                ImageMetadata.empty(), "ana")))
                .isInstanceOfSatisfying(RejectedImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT));
        assertThat(body.available()).isEqualTo(PHOTO.length);
    }

    @Test
    void tooManyPixelsAreRefusedBeforeThePixelsAreDecoded() throws Exception {
        UploadImage small = core.uploadImage(new UploadPolicy(core.variants(),
                new UploadLimits(UploadLimits.DEFAULT_MAX_BYTES, 1_000_000), Lifecycle.FOREVER));
        byte[] bomb = FakeImages.bytes("jpeg", 2000, 1000);

        assertThatThrownBy(() -> small.upload(request(bomb, "image/jpeg", "ana")))
                .isInstanceOfSatisfying(RejectedImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS));

        assertThat(core.engine().probes()).isEqualTo(1);
        assertThat(core.engine().verifies()).isZero();
        assertNothingKept(BlobKey.content(sha256(bomb)));
    }

    @Test
    void exactlyThePixelLimitIsAccepted() throws Exception {
        UploadImage small = core.uploadImage(new UploadPolicy(core.variants(),
                new UploadLimits(UploadLimits.DEFAULT_MAX_BYTES, 1_000_000), Lifecycle.FOREVER));

        assertThat(small.upload(request(FakeImages.bytes("jpeg", 1000, 1000), "image/jpeg", "ana")).width()).isEqualTo(1000);
    }

    @Test
    void bytesThatAreNoImageOrDoNotDecodeAreRefusedAndLeaveNothing() throws Exception {
        byte[] text = "just some text".getBytes();
        byte[] truncated = FakeImages.truncated("jpeg", 640, 480);

        assertThatThrownBy(() -> upload.upload(request(text, null, "ana")))
                .isInstanceOfSatisfying(RejectedImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AN_IMAGE));
        assertThatThrownBy(() -> upload.upload(request(truncated, "image/jpeg", "ana")))
                .isInstanceOfSatisfying(RejectedImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));

        assertNothingKept(BlobKey.content(sha256(truncated)));
        assertThat(core.telemetry().details("uploadRejected")).containsExactly("not_an_image", "corrupt");
    }

    @Test
    void aBodyOverTheRequestsOwnLimitIsRefused() {
        UploadRequest big = new UploadRequest(new ByteArrayInputStream(PHOTO), Optional.empty(), "a.jpg", ImageMetadata.empty(),
                "ana", OptionalLong.of(PHOTO.length - 1));

        assertThatThrownBy(() -> upload.upload(big))
                .isInstanceOfSatisfying(RejectedImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
        assertThat(core.catalogue().records()).isEmpty();
    }

    @Test
    void whenTheCatalogueRefusesTheRecordTheReferenceIsGivenBackAndTheBytesDeleted() throws Exception {
        core.catalogue().failNextCreate(new IllegalStateException("database is locked"));

        assertThatThrownBy(() -> upload.upload(request(PHOTO, "image/jpeg", "ana"))).hasMessage("database is locked");

        assertNothingKept(BlobKey.content(sha256(PHOTO)));
        assertThat(core.blobs().puts()).as("the bytes were written, then deleted").hasSize(1);
    }

    @Test
    void aFailedCreateKeepsBytesThatAnotherImageStillHolds() throws Exception {
        ImageRecord first = upload.upload(request(PHOTO, "image/jpeg", "ana"));
        core.catalogue().failNextCreate(new IllegalStateException("database is locked"));

        assertThatThrownBy(() -> upload.upload(request(PHOTO, "image/jpeg", "bob"))).hasMessage("database is locked");

        assertThat(core.blobs().contains(first.originalKey())).isTrue();
        assertThat(core.catalogue().referenceCount(first.originalKey())).isEqualTo(1);
        assertThat(core.catalogue().records()).containsExactly(first);
    }

    @Test
    void whenTheBytesCannotBeStoredTheReferenceIsGivenBack() throws Exception {
        core.blobs().failNextPut(new IOException("no space left on device"));

        assertThatThrownBy(() -> upload.upload(request(PHOTO, "image/jpeg", "ana"))).hasMessage("no space left on device");

        assertNothingKept(BlobKey.content(sha256(PHOTO)));
    }

    @Test
    void anIdDecidedBeforeTheUploadNamesTheImage() throws Exception {
        ImageId decided = new ImageId("0190aaaa-bbbb-7ccc-8ddd-000000000042");

        ImageRecord image = upload.upload(request(PHOTO, "image/jpeg", "ana").withId(decided));

        assertThat(image.id()).isEqualTo(decided);
        assertThat(core.catalogue().find(decided)).hasValue(image);
        assertThat(core.queue().pending()).extracting(JobSpec::imageId).containsExactly(decided);
    }

    @Test
    void theDefaultTimeToLiveOrTheRequestsOwnExpiryIsRecorded() throws Exception {
        UploadImage monthly = core.uploadImage(new UploadPolicy(core.variants(), InMemoryCore.defaultPolicy().limits(),
                new Lifecycle(Optional.of(Duration.ofDays(30)))));
        Instant asked = InMemoryCore.START.plus(Duration.ofHours(2));

        ImageRecord byDefault = monthly.upload(request(PHOTO, null, "ana"));
        ImageRecord own = monthly.upload(new UploadRequest(new ByteArrayInputStream(PHOTO), Optional.empty(), "a.jpg",
                ImageMetadata.empty(), "ana", OptionalLong.empty(), Optional.of(asked), false));

        assertThat(byDefault.expiresAt()).hasValue(InMemoryCore.START.plus(Duration.ofDays(30)));
        assertThat(own.expiresAt()).hasValue(asked);
    }

    @Test
    void anExpiryInThePastIsRefusedBeforeTheBodyIsRead() {
        ByteArrayInputStream body = new ByteArrayInputStream(PHOTO);
        UploadRequest past = new UploadRequest(body, Optional.empty(), "a.jpg", ImageMetadata.empty(), "ana",
                OptionalLong.empty(), Optional.of(InMemoryCore.START), false);

        assertThatThrownBy(() -> upload.upload(past)).isInstanceOf(InvalidInputException.class);
        assertThat(body.available()).isEqualTo(PHOTO.length);
        assertThat(core.catalogue().records()).isEmpty();
    }

    private void assertNothingKept(BlobKey original) throws IOException {
        assertThat(core.catalogue().records()).isEmpty();
        assertThat(core.queue().jobs()).isEmpty();
        assertThat(core.events().events()).isEmpty();
        assertThat(core.blobs().keys()).isEmpty();
        assertThat(core.catalogue().hasReference(original)).isFalse();
        assertThat(spooled()).isEmpty();
    }

    private List<Path> spooled() throws IOException {
        try (var files = Files.list(core.blobs().spoolDirectory())) {
            return files.toList();
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
