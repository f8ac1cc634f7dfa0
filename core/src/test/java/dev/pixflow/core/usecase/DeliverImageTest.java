package dev.pixflow.core.usecase;

import dev.pixflow.core.delivery.PersonalMetadata;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.GoneException;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.Viewer;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.testing.FakeImages;
import dev.pixflow.core.testing.InMemoryCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliverImageTest {
    private static final byte[] PHOTO = FakeImages.bytes("jpeg", 1600, 1200);
    private static final Caller ANA = new Caller("ana", false);
    private static final Caller BOB = new Caller("bob", false);

    @TempDir
    Path dir;
    private InMemoryCore core;
    private DeliverImage delivery;

    @BeforeEach
    void wire() throws IOException {
        core = new InMemoryCore(dir);
        delivery = core.deliverImage();
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void theOriginalIsDeliveredWithItsValidators() throws Exception {
        ImageRecord image = core.upload("ana", PHOTO);

        Delivery d = delivery.deliver(image.id(), DeliverImage.ORIGINAL, Viewer.ANYONE);

        assertThat(d.blob().key()).isEqualTo(image.originalKey());
        assertThat(d.mediaType()).isEqualTo("image/jpeg");
        assertThat(d.etag()).isEqualTo(image.sha256());
        assertThat(d.lastModified()).isEqualTo(image.createdAt());
        assertThat(read(d, 0)).isEqualTo(new String(PHOTO, StandardCharsets.US_ASCII));
        assertThat(read(d, 8)).as("a ranged read").isEqualTo(new String(PHOTO, StandardCharsets.US_ASCII).substring(8));
    }

    @Test
    void aReadyVariantIsDeliveredWithoutRendering() throws Exception {
        ImageRecord image = core.upload("ana", PHOTO);
        core.processAll(core.processJob());
        Rendition medium = core.catalogue().find(image.id()).orElseThrow().renditions().get("medium");
        int renders = core.engine().renders().size();

        Delivery d = delivery.deliver(image.id(), "medium", Viewer.ANYONE);

        assertThat(d.blob().key()).isEqualTo(medium.key());
        assertThat(d.mediaType()).isEqualTo("image/jpeg");
        assertThat(d.etag()).isEqualTo(medium.sha256());
        assertThat(core.engine().renders()).hasSize(renders);
        assertThat(read(d, 0)).startsWith(FakeImages.text("jpeg", 1024, 768, false));
    }

    @Test
    void aVariantNotMadeYetIsRenderedOnDemandOnceAndRecorded() throws Exception {
        ImageRecord image = core.upload("ana", PHOTO);

        Delivery first = delivery.deliver(image.id(), "thumb", Viewer.ANYONE);
        Delivery again = delivery.deliver(image.id(), "thumb", Viewer.ANYONE);

        assertThat(core.engine().renders()).singleElement()
                .satisfies(r -> assertThat(r.variants()).extracting(v -> v.name()).containsExactly("thumb"));
        assertThat(read(first, 0)).startsWith(FakeImages.text("jpeg", 256, 256, false));
        assertThat(again.blob().key()).isEqualTo(first.blob().key());
        assertThat(core.catalogue().find(image.id()).orElseThrow().renditions()).containsOnlyKeys("thumb");
    }

    @Test
    void aRenditionWhoseBytesWereLostIsMadeAgain() throws Exception {
        ImageRecord image = core.upload("ana", PHOTO);
        core.processAll(core.processJob());
        Rendition large = core.catalogue().find(image.id()).orElseThrow().renditions().get("large");
        core.blobs().delete(large.key());

        Delivery d = delivery.deliver(image.id(), "large", Viewer.ANYONE);

        assertThat(d.blob().key()).isEqualTo(large.key());
        assertThat(core.blobs().contains(large.key())).isTrue();
    }

    @Test
    void anUnknownVariantIsNotFound() throws Exception {
        ImageRecord image = core.upload("ana", PHOTO);

        assertThatThrownBy(() -> delivery.deliver(image.id(), "poster", Viewer.ANYONE))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("thumb, medium, large");
        assertThat(core.engine().renders()).isEmpty();
    }

    @Test
    void aPrivateImageDoesNotExistForAnyoneButItsOwnerAndSignedUrls() throws Exception {
        ImageRecord image = core.upload("ana", PHOTO, ImageMetadata.empty().withVisibility(Visibility.PRIVATE));

        assertThatThrownBy(() -> delivery.deliver(image.id(), DeliverImage.ORIGINAL, Viewer.of(BOB)))
                .isExactlyInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> delivery.deliver(image.id(), "thumb", Viewer.ANYONE))
                .isExactlyInstanceOf(NotFoundException.class);
        assertThat(core.engine().renders()).as("nothing rendered for who may not see it").isEmpty();

        assertThat(delivery.deliver(image.id(), DeliverImage.ORIGINAL, Viewer.of(ANA)).blob().key()).isEqualTo(image.originalKey());
        assertThat(delivery.deliver(image.id(), DeliverImage.ORIGINAL, Viewer.signed()).blob().key()).isEqualTo(image.originalKey());
    }

    @Test
    void anExpiredImageIsGoneBeforeTheSweepAndAfterIt() throws Exception {
        Instant expiry = InMemoryCore.START.plus(Duration.ofHours(1));
        ImageRecord image = upload("ana", Visibility.PUBLIC, expiry);
        core.processAll(core.processJob());
        DeliverImage.Found found = delivery.find(image.id(), "thumb", Viewer.ANYONE);
        core.clock().advance(Duration.ofHours(2));

        assertThat(delivery.stillServes(found, Viewer.ANYONE)).isFalse();
        assertThatThrownBy(() -> delivery.deliver(image.id(), "thumb", Viewer.ANYONE))
                .isInstanceOfSatisfying(GoneException.class, e -> assertThat(e.expiredAt()).isEqualTo(expiry));

        assertThat(core.expireImages().sweep()).isEqualTo(1);

        assertThat(core.catalogue().find(image.id())).isEmpty();
        assertThat(core.blobs().keys()).as("original and renditions deleted").isEmpty();
        assertThatThrownBy(() -> delivery.deliver(image.id(), DeliverImage.ORIGINAL, Viewer.ANYONE))
                .isInstanceOfSatisfying(GoneException.class, e -> assertThat(e.expiredAt()).isEqualTo(expiry));
    }

    @Test
    void anExpiredPrivateImageIsGoneOnlyForThoseWhoCouldSeeIt() throws Exception {
        Instant expiry = InMemoryCore.START.plus(Duration.ofHours(1));
        ImageRecord image = upload("ana", Visibility.PRIVATE, expiry);
        core.clock().advance(Duration.ofHours(2));
        core.expireImages().sweep();

        assertThatThrownBy(() -> delivery.deliver(image.id(), DeliverImage.ORIGINAL, Viewer.of(ANA)))
                .isInstanceOf(GoneException.class);
        assertThatThrownBy(() -> delivery.deliver(image.id(), DeliverImage.ORIGINAL, Viewer.ANYONE))
                .isExactlyInstanceOf(NotFoundException.class);
    }

    @Test
    void aFoundImageStillServesUntilItsVisibilityChanges() throws Exception {
        ImageRecord image = core.upload("ana", PHOTO);
        DeliverImage.Found found = delivery.find(image.id(), DeliverImage.ORIGINAL, Viewer.ANYONE);
        assertThat(delivery.stillServes(found, Viewer.ANYONE)).isTrue();

        core.imageCatalog(new ImageChanges()).edit(ANA, image.id(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Visibility.PRIVATE));
        DeliverImage.Found now = delivery.find(image.id(), DeliverImage.ORIGINAL, Viewer.of(ANA));

        assertThat(delivery.stillServes(now, Viewer.ANYONE)).isFalse();
        assertThatThrownBy(() -> delivery.find(image.id(), DeliverImage.ORIGINAL, Viewer.ANYONE))
                .isExactlyInstanceOf(NotFoundException.class);
    }

    private ImageRecord upload(String owner, Visibility visibility, Instant expiresAt) throws IOException {
        return core.uploadImage().upload(new UploadRequest(new ByteArrayInputStream(PHOTO), Optional.empty(),
                "a.jpg", ImageMetadata.empty().withVisibility(visibility), owner, OptionalLong.empty(),
                Optional.of(expiresAt), false));
    }

    private DeliverImage cleaning(PersonalMetadata personal) {
        return new DeliverImage(core.liveImages(), core.blobs(), core.variants(), core.renderVariants(), core.gate(),
                Optional.of(personal));
    }

    @Test
    void anyoneButTheOwnerGetsTheOriginalCleanedOnceAndKeptAmongItsRenditions() throws Exception {
        ImageRecord image = core.upload("ana", PHOTO);
        java.util.concurrent.atomic.AtomicInteger cleanings = new java.util.concurrent.atomic.AtomicInteger();
        DeliverImage delivery = cleaning((format, source, target) -> {
            cleanings.incrementAndGet();
            java.nio.file.Files.writeString(target, "cleaned");
            return PersonalMetadata.Outcome.REMOVED;
        });

        DeliverImage.Found anyone = delivery.find(image.id(), DeliverImage.ORIGINAL, Viewer.ANYONE);
        DeliverImage.Found signed = delivery.find(image.id(), DeliverImage.ORIGINAL, Viewer.signed());
        DeliverImage.Found bob = delivery.find(image.id(), DeliverImage.ORIGINAL, Viewer.of(BOB));
        DeliverImage.Found owner = delivery.find(image.id(), DeliverImage.ORIGINAL, Viewer.of(ANA));

        assertThat(read(anyone.delivery(), 0)).isEqualTo("cleaned");
        assertThat(anyone.delivery().blob().key().value()).startsWith("renditions/" + image.id() + "/");
        assertThat(anyone.delivery().etag()).isNotEqualTo(image.sha256());
        assertThat(signed.delivery().blob().key()).isEqualTo(anyone.delivery().blob().key());
        assertThat(bob.delivery().blob().key()).isEqualTo(anyone.delivery().blob().key());
        assertThat(cleanings).as("made once, then read").hasValue(1);
        assertThat(owner.delivery().blob().key()).isEqualTo(image.originalKey());
        assertThat(read(owner.delivery(), 0)).isEqualTo(new String(PHOTO, StandardCharsets.US_ASCII));

        // Caches keep the two apart: the owner's copy is theirs only, and both vary by the caller.
        assertThat(owner.caching(Viewer.of(ANA), OptionalLong.empty()))
                .isEqualTo(new dev.pixflow.core.delivery.Caching(false, Optional.empty(), true));
        assertThat(anyone.caching(Viewer.ANYONE, OptionalLong.empty()))
                .isEqualTo(new dev.pixflow.core.delivery.Caching(true, Optional.empty(), true));
        assertThat(delivery.keptAs(DeliverImage.ORIGINAL, Viewer.of(ANA)))
                .isNotEqualTo(delivery.keptAs(DeliverImage.ORIGINAL, Viewer.ANYONE))
                .isNotEqualTo(delivery.keptAs(DeliverImage.ORIGINAL, Viewer.of(BOB)));
        assertThat(delivery.keptAs("thumb", Viewer.of(ANA))).isEqualTo(delivery.keptAs("thumb", Viewer.ANYONE));
    }

    @Test
    void anOriginalWithNothingPersonalIsSentAsItIsAndLookedThroughOnce() throws Exception {
        ImageRecord image = core.upload("ana", PHOTO);
        java.util.concurrent.atomic.AtomicInteger walks = new java.util.concurrent.atomic.AtomicInteger();
        DeliverImage delivery = cleaning((format, source, target) -> {
            walks.incrementAndGet();
            return PersonalMetadata.Outcome.NONE_FOUND;
        });

        Delivery first = delivery.deliver(image.id(), DeliverImage.ORIGINAL, Viewer.ANYONE);
        Delivery second = delivery.deliver(image.id(), DeliverImage.ORIGINAL, Viewer.ANYONE);

        assertThat(read(first, 0)).isEqualTo(new String(PHOTO, StandardCharsets.US_ASCII));
        assertThat(second.blob().key()).isEqualTo(first.blob().key());
        assertThat(walks).as("the second request finds the copy kept by the first").hasValue(1);
        assertThat(core.blobs().copies()).hasSize(1);
    }

    @Test
    void aFormatThatCannotBeCleanedIsShownToItsOwnerOnlyEvenWithoutExifTheRecordShows() throws Exception {
        ImageRecord image = core.upload("ana", PHOTO);
        // The record's EXIF is a summary (camera, exposure, a position): a serial number or an owner's
        // name, which it does not show, would still be in the file.
        assertThat(image.exif().isEmpty()).isTrue();
        java.util.concurrent.atomic.AtomicInteger walks = new java.util.concurrent.atomic.AtomicInteger();
        DeliverImage delivery = cleaning((format, source, target) -> {
            walks.incrementAndGet();
            return PersonalMetadata.Outcome.UNSUPPORTED;
        });

        for (int request = 0; request < 2; request++) {
            assertThatThrownBy(() -> delivery.deliver(image.id(), DeliverImage.ORIGINAL, Viewer.ANYONE))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("shown to its owner only");
        }
        assertThat(walks).as("the second refused without reading the original again").hasValue(1);
        assertThat(delivery.deliver(image.id(), DeliverImage.ORIGINAL, Viewer.of(ANA)).blob().key()).isEqualTo(image.originalKey());
    }

    @Test
    void aFormatThatIsNeverEditedIsNotReadToFindThatOut() throws Exception {
        ImageRecord image = core.upload("ana", PHOTO);
        DeliverImage delivery = cleaning(new PersonalMetadata() {
            @Override
            public boolean edits(dev.pixflow.core.media.ImageFormat format) {
                return false;
            }

            @Override
            public Outcome remove(dev.pixflow.core.media.ImageFormat format, Path source, Path target) {
                throw new AssertionError("read " + source);
            }
        });

        assertThatThrownBy(() -> delivery.deliver(image.id(), DeliverImage.ORIGINAL, Viewer.ANYONE))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("shown to its owner only");
    }

    @Test
    void aSignedLinkAndAnImageThatExpireAreKeptUntilTheFirstOfThem() throws Exception {
        ImageRecord image = core.upload("ana", PHOTO, new ImageMetadata(null, null, java.util.List.of(), Visibility.PRIVATE, null));
        DeliverImage.Found found = delivery.find(image.id(), "thumb", Viewer.signed());
        long exp = InMemoryCore.START.plusSeconds(600).getEpochSecond();

        assertThat(found.caching(Viewer.signed(), OptionalLong.of(exp)))
                .isEqualTo(new dev.pixflow.core.delivery.Caching(true, Optional.of(Instant.ofEpochSecond(exp)), false));
        assertThat(found.caching(Viewer.of(ANA), OptionalLong.empty()))
                .as("the owner's key decided it").isEqualTo(new dev.pixflow.core.delivery.Caching(false, Optional.empty(), true));
    }

    private String read(Delivery d, long offset) throws IOException {
        try (InputStream in = delivery.open(d, offset)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
