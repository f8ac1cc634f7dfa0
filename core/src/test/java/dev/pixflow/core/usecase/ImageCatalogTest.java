package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.GoneException;
import dev.pixflow.core.domain.ImageFilter;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.Page;
import dev.pixflow.core.domain.SearchTerms;
import dev.pixflow.core.domain.TagCount;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.testing.FakeImages;
import dev.pixflow.core.testing.InMemoryCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageCatalogTest {
    private static final Caller ANA = new Caller("ana", false);
    private static final Caller BOB = new Caller("bob", false);
    private static final Caller OPERATOR = new Caller("ops", true);

    @TempDir
    Path dir;
    private InMemoryCore core;
    private ImageCatalog catalog;
    private final List<ImageId> changed = new ArrayList<>();

    @BeforeEach
    void wire() throws IOException {
        core = new InMemoryCore(dir);
        ImageChanges changes = new ImageChanges();
        changes.onChange(changed::add);
        catalog = core.imageCatalog(changes);
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void anEditChangesThePresentFieldsKeepsTheOthersAndIsTold() throws Exception {
        ImageRecord image = upload("ana", "a", new ImageMetadata("Harbour", "Boats at dusk", List.of("boats")));
        core.clock().advance(Duration.ofMinutes(5));

        ImageRecord edited = catalog.edit(ANA, image.id(), Optional.of("Old harbour"), Optional.empty(),
                Optional.of(List.of("Sea", "boats")), Optional.of(Visibility.PRIVATE));

        assertThat(edited.metadata()).isEqualTo(new ImageMetadata("Old harbour", "Boats at dusk", List.of("sea", "boats"),
                Visibility.PRIVATE));
        assertThat(edited.updatedAt()).isEqualTo(image.createdAt().plus(Duration.ofMinutes(5)));
        assertThat(core.catalogue().find(image.id())).hasValue(edited);
        assertThat(changed).containsExactly(image.id());
    }

    /** No new version for what changes nothing: a client editing with If-Match is not refused for it. */
    @Test
    void anEditThatChangesNothingMakesNoNewVersion() throws Exception {
        ImageRecord image = upload("ana", "a", new ImageMetadata("Harbour", "Boats at dusk", List.of("boats")));
        core.clock().advance(Duration.ofMinutes(5));

        ImageRecord same = catalog.edit(ANA, image.id(), Optional.of("Harbour"), Optional.empty(),
                Optional.of(List.of("Boats")), Optional.empty());

        assertThat(same.updatedAt()).isEqualTo(image.updatedAt());
        assertThat(core.catalogue().find(image.id()).orElseThrow().updatedAt()).isEqualTo(image.updatedAt());
        assertThat(changed).isEmpty();
        assertThat(catalog.edit(ANA, image.id(), Optional.of("Harbour at dusk"), Optional.empty(), Optional.empty(),
                Optional.empty()).updatedAt()).as("a real change still is one").isAfter(image.updatedAt());
    }

    @Test
    void aBlankTextClearsItsField() throws Exception {
        ImageRecord image = upload("ana", "a", new ImageMetadata("Harbour", "Boats at dusk", List.of()));

        ImageRecord edited = catalog.edit(ANA, image.id(), Optional.of("  "), Optional.empty(), Optional.empty(),
                Optional.empty());

        assertThat(edited.metadata().title()).isNull();
        assertThat(edited.metadata().description()).isEqualTo("Boats at dusk");
    }

    /**
     * The describer writes the alt text, and a bulk retag adds a tag, after the editor's read and
     * before its write: an edit of the title alone keeps both.
     */
    @Test
    void anEditLeavesWhatOthersChangedSinceItsReadInFieldsItDoesNotName() throws Exception {
        ImageRecord image = upload("ana", "a", new ImageMetadata("Harbour", "Boats at dusk", List.of("boats")));
        ImageRecords racing = (ImageRecords) Proxy.newProxyInstance(ImageRecords.class.getClassLoader(),
                new Class<?>[] {ImageRecords.class}, (proxy, method, args) -> {
                    if (method.getName().equals("edit")) {
                        core.catalogue().fillAltText(image.id(), "Boats moored at dusk", core.clock().instant());
                        core.catalogue().retag("ana", List.of(image.id()), List.of("dusk"), List.of(), core.clock().instant());
                    }
                    try {
                        return method.invoke(core.catalogue(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ImageCatalog editing = new ImageCatalog(new LiveImages(racing, core.catalogue(), core.clock()), racing,
                core.catalogue(), core.blobs(), new ImageChanges());

        ImageRecord edited = editing.edit(ANA, image.id(), Optional.of("Old harbour"), Optional.empty(), Optional.empty(),
                Optional.empty());

        assertThat(edited.metadata()).isEqualTo(new ImageMetadata("Old harbour", "Boats at dusk", List.of("boats", "dusk"),
                Visibility.PUBLIC, "Boats moored at dusk"));
    }

    @Test
    void anotherOwnersImageCannotBeReadEditedOrDeleted() throws Exception {
        ImageRecord image = upload("ana", "a", ImageMetadata.empty());

        assertThatThrownBy(() -> catalog.get(BOB, image.id())).isExactlyInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> catalog.edit(BOB, image.id(), Optional.of("mine"), Optional.empty(), Optional.empty(),
                Optional.empty())).isExactlyInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> catalog.delete(BOB, image.id())).isExactlyInstanceOf(NotFoundException.class);

        assertThat(core.catalogue().find(image.id())).hasValue(image);
        assertThat(changed).isEmpty();
    }

    @Test
    void anExpiryCanBeSetInTheFutureOnlyAndCleared() throws Exception {
        ImageRecord image = upload("ana", "a", ImageMetadata.empty());
        Instant later = InMemoryCore.START.plus(Duration.ofDays(1));

        assertThatThrownBy(() -> catalog.edit(ANA, image.id(), expiry(Optional.of(InMemoryCore.START), false)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(catalog.edit(ANA, image.id(), expiry(Optional.of(later), false)).expiresAt()).hasValue(later);
        assertThat(catalog.edit(ANA, image.id(), expiry(Optional.empty(), true)).expiresAt()).isEmpty();
    }

    @Test
    void anExpiryFinerThanAMillisecondIsKeptToTheMillisecondAndSentAgainChangesNothing() throws Exception {
        ImageRecord image = upload("ana", "a", ImageMetadata.empty());
        Instant later = InMemoryCore.START.plus(Duration.ofDays(1));

        ImageRecord first = catalog.edit(ANA, image.id(), expiry(Optional.of(later.plusNanos(100_000)), false));
        assertThat(first.expiresAt()).hasValue(later);
        core.clock().advance(Duration.ofMinutes(5));
        ImageRecord again = catalog.edit(ANA, image.id(), expiry(Optional.of(later.plusNanos(100_000)), false));
        assertThat(again.updatedAt()).isEqualTo(first.updatedAt());
    }

    @Test
    void retagChangesTheCallersImagesAndNamesTheRest() throws Exception {
        ImageRecord a = upload("ana", "a", new ImageMetadata(null, null, List.of("boats", "draft")));
        ImageRecord b = upload("ana", "b", new ImageMetadata(null, null, List.of()));
        ImageRecord bobs = upload("bob", "c", new ImageMetadata(null, null, List.of()));
        ImageId unknown = new ImageId("0190ffff-0000-7000-8000-000000000000");

        BulkTagging result = catalog.retag(ANA, List.of(a.id(), b.id(), bobs.id(), unknown, a.id()), List.of("Sea"),
                List.of("draft"));

        assertThat(result.updated()).containsExactly(a.id(), b.id());
        assertThat(result.missing()).containsExactly(bobs.id(), unknown);
        assertThat(core.catalogue().find(a.id()).orElseThrow().tags()).containsExactly("boats", "sea");
        assertThat(core.catalogue().find(b.id()).orElseThrow().tags()).containsExactly("sea");
        assertThat(core.catalogue().find(bobs.id()).orElseThrow().tags()).isEmpty();
        assertThat(result.unchanged()).isEmpty();

        BulkTagging again = catalog.retag(ANA, List.of(a.id(), b.id()), List.of("sea"), List.of("draft"));
        assertThat(again.unchanged()).as("already as asked").containsExactly(a.id(), b.id());
        assertThat(again.updated()).isEmpty();
        assertThat(again.missing()).isEmpty();
    }

    @Test
    void aBadTagInABulkEditIsRefusedAsTheFieldThatHoldsIt() throws Exception {
        ImageRecord a = upload("ana", "a", new ImageMetadata(null, null, List.of("sea")));

        assertThatThrownBy(() -> catalog.retag(ANA, List.of(a.id()), List.of("a,b"), List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("add"));
        assertThatThrownBy(() -> catalog.retag(ANA, List.of(a.id()), List.of(), List.of("x".repeat(65))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("remove"));
    }

    @Test
    void aRetagThatAddsAndRemovesOneTagIsRefused() throws Exception {
        ImageRecord a = upload("ana", "a", new ImageMetadata(null, null, List.of("sea")));

        assertThatThrownBy(() -> catalog.retag(ANA, List.of(a.id()), List.of("Dusk", "boats"), List.of("dusk")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("dusk");
        assertThat(core.catalogue().find(a.id()).orElseThrow().tags()).containsExactly("sea");
    }

    @Test
    void aRetagThatOneImageCannotTakeChangesNone() throws Exception {
        List<String> fortyNine = IntStream.range(0, ImageMetadata.MAX_TAGS - 1).mapToObj(i -> "t" + i).toList();
        ImageRecord roomy = upload("ana", "a", new ImageMetadata(null, null, List.of()));
        ImageRecord full = upload("ana", "b", new ImageMetadata(null, null, fortyNine));

        assertThatThrownBy(() -> catalog.retag(ANA, List.of(roomy.id(), full.id()), List.of("x", "y"), List.of()))
                .isInstanceOf(InvalidInputException.class);

        assertThat(core.catalogue().find(roomy.id()).orElseThrow().tags()).isEmpty();
        assertThat(core.catalogue().find(full.id()).orElseThrow().tags()).hasSize(ImageMetadata.MAX_TAGS - 1);
    }

    @Test
    void deletingRemovesTheRecordAndItsRenditionsAndTheBytesGoWithTheLastReference() throws Exception {
        byte[] same = FakeImages.bytes("jpeg", 800, 600);
        ImageRecord first = core.upload("ana", same);
        ImageRecord second = core.upload("ana", same);
        core.processAll(core.processJob());
        BlobKey original = first.originalKey();

        catalog.delete(ANA, first.id());

        assertThat(core.catalogue().find(first.id())).isEmpty();
        assertThat(core.blobs().keys(BlobKey.renditionPrefix(first.id()))).isEmpty();
        assertThat(core.blobs().contains(original)).as("the other image still holds the bytes").isTrue();
        assertThat(core.blobs().keys(BlobKey.renditionPrefix(second.id()))).hasSize(3);
        assertThatThrownBy(() -> catalog.get(ANA, first.id())).isExactlyInstanceOf(NotFoundException.class);

        catalog.delete(ANA, second.id());

        assertThat(core.blobs().keys()).isEmpty();
        assertThat(core.catalogue().hasReference(original)).isFalse();
        assertThat(core.events().ofType(EventType.IMAGE_DELETED)).extracting(e -> e.imageId())
                .containsExactly(first.id(), second.id());
        assertThat(changed).containsExactly(first.id(), second.id());
    }

    @Test
    void whenTheBytesCannotBeDeletedTheImageStays() throws Exception {
        ImageRecord image = upload("ana", "a", ImageMetadata.empty());
        core.blobs().failNextDelete(new IOException("read-only file system"));

        assertThatThrownBy(() -> catalog.delete(ANA, image.id())).hasRootCauseMessage("read-only file system");

        assertThat(core.catalogue().find(image.id())).hasValue(image);
        assertThat(core.catalogue().referenceCount(image.originalKey())).isEqualTo(1);
        assertThat(core.blobs().contains(image.originalKey())).isTrue();
    }

    @Test
    void aListingHoldsOnlyTheCallersLiveImagesNewestFirstAPageAtATime() throws Exception {
        ImageRecord a1 = upload("ana", "1", ImageMetadata.empty());
        ImageRecord a2 = upload("ana", "2", ImageMetadata.empty());
        upload("bob", "3", ImageMetadata.empty());
        ImageRecord a3 = upload("ana", "4", ImageMetadata.empty());
        ImageRecord expiring = upload("ana", "5", ImageMetadata.empty());
        catalog.edit(ANA, expiring.id(), expiry(Optional.of(core.clock().instant().plusSeconds(30)), false));
        core.clock().advance(Duration.ofMinutes(1));

        Page<ImageRecord> first = catalog.list(ANA, new ImageQuery("ana", Optional.empty(), 2, Optional.empty()));
        Page<ImageRecord> second = catalog.list(ANA, new ImageQuery("ana", Optional.empty(), 2, first.next()));

        assertThat(first.items()).extracting(ImageRecord::id).containsExactly(a3.id(), a2.id());
        assertThat(first.next()).isPresent();
        assertThat(second.items()).extracting(ImageRecord::id).containsExactly(a1.id());
        assertThat(second.next()).isEmpty();
    }

    @Test
    void aCallerListsOnlyItsOwnImagesUnlessItIsAnOperator() throws Exception {
        ImageRecord bobs = upload("bob", "1", ImageMetadata.empty());
        ImageQuery bobsQuery = new ImageQuery("bob", Optional.empty(), 10, Optional.empty());

        assertThatThrownBy(() -> catalog.list(ANA, bobsQuery)).isInstanceOf(InvalidInputException.class);
        assertThat(catalog.list(OPERATOR, bobsQuery).items()).containsExactly(bobs);
    }

    @Test
    void aListingFiltersByTagAndText() throws Exception {
        ImageRecord boats = upload("ana", "1", new ImageMetadata("Harbour at dusk", null, List.of("boats")));
        upload("ana", "2", new ImageMetadata("Mountain", null, List.of("hiking")));

        Page<ImageRecord> tagged = catalog.list(ANA, new ImageQuery("ana", Optional.of("Boats"), 10, Optional.empty()));
        Page<ImageRecord> found = catalog.list(ANA, new ImageQuery("ana", ImageFilter.NONE, SearchTerms.parse("harb"),
                null, 10, Optional.empty()));

        assertThat(tagged.items()).containsExactly(boats);
        assertThat(found.items()).containsExactly(boats);
    }

    @Test
    void tagsAreCountedOverTheCallersLiveImages() throws Exception {
        upload("ana", "1", new ImageMetadata(null, null, List.of("boats", "sea")));
        upload("ana", "2", new ImageMetadata(null, null, List.of("sea")));
        upload("bob", "3", new ImageMetadata(null, null, List.of("boats", "boats-too")));

        assertThat(catalog.tags(ANA, 10)).containsExactly(new TagCount("sea", 2), new TagCount("boats", 1));
        assertThatThrownBy(() -> catalog.tags(ANA, 0)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void anExpiredImageIsGoneToItsOwnerAndCanNoLongerBeEdited() throws Exception {
        ImageRecord image = upload("ana", "1", ImageMetadata.empty());
        Instant expiry = core.clock().instant().plusSeconds(30);
        catalog.edit(ANA, image.id(), expiry(Optional.of(expiry), false));
        core.clock().advance(Duration.ofMinutes(1));

        assertThatThrownBy(() -> catalog.get(ANA, image.id()))
                .isInstanceOfSatisfying(GoneException.class, e -> assertThat(e.expiredAt()).isEqualTo(expiry));
        assertThatThrownBy(() -> catalog.edit(ANA, image.id(), Optional.of("late"), Optional.empty(), Optional.empty(),
                Optional.empty())).isInstanceOf(GoneException.class);
        assertThatThrownBy(() -> catalog.get(BOB, image.id())).isExactlyInstanceOf(NotFoundException.class);
    }

    /** Each image its own bytes (a note), a second later than the one before: a listing's order is then the test's. */
    private ImageRecord upload(String owner, String note, ImageMetadata metadata) throws IOException {
        core.clock().advance(Duration.ofSeconds(1));
        return core.upload(owner, FakeImages.bytes("jpeg", 640, 480, note), metadata);
    }

    private static ImageEdit expiry(Optional<Instant> at, boolean never) {
        return new ImageEdit(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), at, never);
    }
}
