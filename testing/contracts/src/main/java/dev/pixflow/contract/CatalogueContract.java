package dev.pixflow.contract;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.Page;
import dev.pixflow.core.domain.PageCursor;
import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.domain.RecordPatch;
import dev.pixflow.core.domain.RemovedRendition;
import dev.pixflow.core.domain.RecordPatch.Field;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.RenditionNameTakenException;
import dev.pixflow.core.domain.StaleRecordException;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.recipe.Variant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every catalogue backend promises of its records and renditions, each record committed together
 * with the job it hands over (to its queue or its outbox).
 */
public abstract class CatalogueContract {
    private CatalogueStores stores;

    @BeforeEach
    void openStores(CatalogueStores stores) {
        this.stores = stores;
    }

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private int seq;

    protected Instant now() {
        return now;
    }

    /** A page as of now (nothing in these tests expires). */
    protected Page<ImageRecord> list(ImageQuery query) {
        return stores.search().list(query, now);
    }

    protected ImageRecord image(String... tags) {
        return ownedImage("anonymous", tags);
    }

    protected ImageRecord ownedImage(String owner, String... tags) {
        seq++;
        ImageId id = new ImageId("0190a000-0000-7000-8000-%012d".formatted(seq));
        Instant at = now;
        now = now.plus(Duration.ofMillis(1));
        return new ImageRecord(id, owner, ImageStatus.PROCESSING, "IMG_%04d.jpg".formatted(seq), ImageFormat.JPEG,
                1234, 640, 480, false, "ab".repeat(32), BlobKey.original(id, at),
                new ImageMetadata("title " + seq, null, List.of(tags)), at, at, Map.of());
    }

    @Test
    void createWritesTheRecordAndItsJobTogether() {
        ImageRecord r = image("Beach", "sunset");
        stores.records().create(r, new JobSpec(r.id(), List.of("thumb")));

        assertThat(stores.records().find(r.id())).contains(r.withRenditions(Map.of()));
        assertThat(stores.records().find(r.id()).orElseThrow().tags()).containsExactly("beach", "sunset");
        assertThat(stores.handedOver()).containsExactly(new JobSpec(r.id(), List.of("thumb")));
    }

    @Test
    void aFailedCreateLeavesNeitherRecordNorJob() {
        ImageRecord r = image();
        stores.records().create(r, new JobSpec(r.id(), List.of("thumb")));
        assertThat(stores.handedOver()).hasSize(1);
        // Same id again: the insert fails, and the job insert in the same transaction must roll back.
        assertThatThrownBy(() -> stores.records().create(r, new JobSpec(r.id(), List.of("large")))).isInstanceOf(RuntimeException.class);
        assertThat(stores.handedOver()).isEmpty();
        assertThat(stores.records().find(r.id()).orElseThrow().filename()).isEqualTo(r.filename());
    }

    @Test
    void renditionsAreUpsertedAndStatusSet() {
        ImageRecord r = image();
        stores.records().create(r, new JobSpec(r.id(), List.of("thumb")));
        Rendition first = new Rendition("thumb", BlobKey.rendition(r.id(), "thumb", "aaaa", ImageFormat.JPEG),
                ImageFormat.JPEG, 256, 256, 1000, "cd".repeat(32), now());
        Rendition second = new Rendition("thumb", BlobKey.rendition(r.id(), "thumb", "bbbb", ImageFormat.JPEG),
                ImageFormat.JPEG, 256, 256, 900, "ef".repeat(32), now());
        assertThat(stores.renditions().putRenditions(r.id(), List.of(first), Duration.ofMillis(40), now())).isTrue();
        assertThat(stores.renditions().putRenditions(r.id(), List.of(second), Duration.ofMillis(40), now())).isTrue();
        assertThat(stores.records().setStatus(r.id(), ImageStatus.READY, now())).isTrue();

        ImageRecord back = stores.records().find(r.id()).orElseThrow();
        assertThat(back.renditions()).containsExactly(Map.entry("thumb", second));
        assertThat(back.status()).isEqualTo(ImageStatus.READY);
    }

    @Test
    void renditionOfADeletedImageIsRefused() {
        ImageRecord r = image();
        stores.records().create(r, new JobSpec(r.id(), List.of("thumb")));
        assertThat(stores.records().remove(r.id(), now(), Optional.empty(), key -> { })).isPresent();
        Rendition late = new Rendition("thumb", BlobKey.rendition(r.id(), "thumb", "aaaa", ImageFormat.JPEG),
                ImageFormat.JPEG, 1, 1, 1, "00".repeat(32), now());
        assertThat(stores.renditions().putRenditions(r.id(), List.of(late), Duration.ofMillis(40), now())).isFalse();
        assertThat(stores.records().find(r.id())).isEmpty();
        assertThat(stores.records().remove(r.id(), now(), Optional.empty(), key -> { })).isEmpty();
    }

    @Test
    void metadataEditsReplaceTitleAndTags() {
        ImageRecord r = image("a", "b");
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        assertThat(stores.records().edit(r.id(), RecordPatch.metadata(new ImageMetadata("New", "desc", List.of("c"))), now())).isTrue();
        ImageRecord back = stores.records().find(r.id()).orElseThrow();
        assertThat(back.metadata()).isEqualTo(new ImageMetadata("New", "desc", List.of("c")));
        assertThat(stores.records().edit(new ImageId("0190a000-0000-7000-8000-999999999999"), RecordPatch.metadata(ImageMetadata.empty()),
                now())).isFalse();
    }

    /**
     * An editor who read the record before the describer wrote its alt text names the title and an
     * expiry: those two change, together, and the alt text, tags, description and visibility stay
     * as they are, whatever the edit carries for them.
     */
    @Test
    void anEditWritesTheFieldsItNamesAndNoOther() {
        ImageRecord r = image("a", "b").withMetadata(new ImageMetadata("Before", "A description", List.of("a", "b")));
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        assertThat(stores.records().fillAltText(r.id(), "A model's words", now())).isTrue();
        Instant expiry = now().plus(Duration.ofDays(3));
        ImageMetadata carried = new ImageMetadata("Renamed", "not named", List.of("z"), Visibility.PRIVATE, null);

        assertThat(stores.records().edit(r.id(), new RecordPatch(Set.of(Field.TITLE, Field.EXPIRY), carried, Optional.of(expiry)),
                now())).isTrue();

        ImageRecord back = stores.records().find(r.id()).orElseThrow();
        assertThat(back.metadata()).isEqualTo(new ImageMetadata("Renamed", "A description", List.of("a", "b"), Visibility.PUBLIC,
                "A model's words"));
        assertThat(back.expiresAt()).contains(expiry);
        assertThat(stores.expirations().expired(expiry, 10)).extracting(ImageRecord::id).containsExactly(r.id());
    }

    /** An edit made on a version (an HTTP If-Match) is written only while the record is still that version. */
    @Test
    void anEditOnAVersionIsWrittenOnlyWhileTheRecordIsThatVersion() {
        ImageRecord r = image("a").withMetadata(new ImageMetadata("First", null, List.of("a")));
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        Instant seen = stores.records().find(r.id()).orElseThrow().updatedAt();
        ImageMetadata titled = new ImageMetadata("Second", null, List.of());
        Instant later = seen.plusSeconds(5);

        assertThat(stores.records().edit(r.id(), new RecordPatch(Set.of(Field.TITLE), titled, Optional.empty()).ifUnchangedSince(seen),
                later)).isTrue();
        assertThat(stores.records().find(r.id()).orElseThrow().updatedAt()).isEqualTo(later);

        ImageMetadata stale = new ImageMetadata("Third", null, List.of("b"));
        assertThat(stores.records().edit(r.id(), new RecordPatch(Set.of(Field.TITLE, Field.TAGS), stale, Optional.empty())
                .ifUnchangedSince(seen), later.plusSeconds(5))).as("made on the version before").isFalse();
        ImageRecord back = stores.records().find(r.id()).orElseThrow();
        assertThat(back.metadata().title()).isEqualTo("Second");
        assertThat(back.tags()).containsExactly("a");
        assertThat(back.updatedAt()).isEqualTo(later);
        assertThat(stores.records().edit(r.id(), new RecordPatch(Set.of(Field.TITLE), stale, Optional.empty()).ifUnchangedSince(later),
                later.plusSeconds(5))).isTrue();
    }

    /** A removal on a version (an HTTP If-Match on DELETE) removes the record only while it is that version. */
    @Test
    void aRemovalOnAVersionRemovesOnlyThatVersion() {
        ImageRecord r = image("a");
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        Instant seen = stores.records().find(r.id()).orElseThrow().updatedAt();
        Instant later = seen.plusSeconds(5);
        stores.records().edit(r.id(), new RecordPatch(Set.of(Field.TITLE), new ImageMetadata("Changed", null, List.of()),
                Optional.empty()), later);

        assertThatThrownBy(() -> stores.records().remove(r.id(), later, Optional.empty(), key -> { }, Optional.of(seen)))
                .isInstanceOf(StaleRecordException.class);
        assertThat(stores.records().find(r.id())).as("kept").isPresent();
        assertThat(stores.records().remove(r.id(), later, Optional.empty(), key -> { }, Optional.of(later))).isPresent();
        assertThat(stores.records().find(r.id())).isEmpty();
        assertThat(stores.records().remove(r.id(), later, Optional.empty(), key -> { }, Optional.of(later))).as("gone").isEmpty();
    }

    /** A named field with no value is cleared, and an empty expiry takes the image off the sweep's list. */
    @Test
    void anEditClearsTheFieldsItNamesWithoutAValue() {
        ImageRecord r = image("a", "b").withMetadata(new ImageMetadata("Kept", "Cleared", List.of("a", "b"), Visibility.PUBLIC,
                "Cleared too"));
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        Instant expiry = now().plus(Duration.ofDays(3));
        assertThat(stores.records().edit(r.id(), RecordPatch.expiry(Optional.of(expiry)), now())).isTrue();

        assertThat(stores.records().edit(r.id(), new RecordPatch(Set.of(Field.DESCRIPTION, Field.TAGS, Field.ALT_TEXT, Field.EXPIRY),
                ImageMetadata.empty(), Optional.empty()), now())).isTrue();

        ImageRecord back = stores.records().find(r.id()).orElseThrow();
        assertThat(back.metadata()).isEqualTo(new ImageMetadata("Kept", null, List.of()));
        assertThat(back.expiresAt()).isEmpty();
        assertThat(stores.expirations().expired(expiry, 10)).isEmpty();
    }

    @Test
    void pagesGoNewestFirstWithoutGapsOrDuplicatesWhileNewImagesArrive() {
        List<ImageId> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ImageRecord r = image(i % 2 == 0 ? "even" : "odd");
            stores.records().create(r, new JobSpec(r.id(), List.of()));
            created.add(r.id());
        }
        List<ImageId> seen = new ArrayList<>();
        Optional<PageCursor> cursor = Optional.empty();
        do {
            Page<ImageRecord> page = list(new ImageQuery("anonymous", Optional.empty(), 10, cursor));
            page.items().forEach(r -> seen.add(r.id()));
            cursor = page.next();
            // Arrivals between pages land above the cursor and must not disturb the walk down.
            ImageRecord newcomer = image("even");
            stores.records().create(newcomer, new JobSpec(newcomer.id(), List.of()));
        } while (cursor.isPresent());

        assertThat(seen).containsExactlyElementsOf(created.reversed());
    }

    @Test
    void tagFilterMatchesNormalisedTags() {
        for (int i = 0; i < 6; i++) {
            ImageRecord r = image(i < 2 ? "Holiday" : "work");
            stores.records().create(r, new JobSpec(r.id(), List.of()));
        }
        Page<ImageRecord> page = list(new ImageQuery("anonymous", Optional.of("HOLIDAY"), 10, Optional.empty()));
        assertThat(page.items()).hasSize(2).allSatisfy(r -> assertThat(r.tags()).containsExactly("holiday"));
        assertThat(page.next()).isEmpty();
    }

    @Test
    void aRequestedRenditionIsListedWithItsJobAndCanFail() {
        ImageRecord r = image();
        stores.records().create(r, new JobSpec(r.id(), List.of("thumb")));
        stores.handedOver();
        Variant banner = Variant.of("banner", "w:1200,h:300,fit:cover");
        JobSpec job = new JobSpec(r.id(), List.of(), List.of(banner));

        OptionalLong jobId = stores.renditions().requestRendition(r.id(), banner, now(), job);

        assertThat(jobId).isPresent();
        assertThat(stores.handedOver()).containsExactly(job);
        ImageRecord back = stores.records().find(r.id()).orElseThrow();
        assertThat(back.request("banner")).hasValueSatisfying(q -> {
            assertThat(q.variant()).isEqualTo(banner);
            assertThat(q.error()).isEmpty();
        });

        stores.renditions().renditionRequestFailed(r.id(), banner, "too big", now());
        assertThat(stores.records().find(r.id()).orElseThrow().request("banner").orElseThrow().error()).contains("too big");
        // Asking again clears the error.
        stores.renditions().requestRendition(r.id(), banner, now(), job);
        assertThat(stores.records().find(r.id()).orElseThrow().request("banner").orElseThrow().error()).isEmpty();

        ImageId missing = new ImageId("0190a000-0000-7000-8000-999999999999");
        stores.handedOver();
        assertThat(ask(missing, banner, now())).isEmpty();
        assertThat(stores.handedOver()).isEmpty();
    }

    /** Asks for {@code variant} of image {@code id}, with the job that makes it: the job's id, empty without the image. */
    private OptionalLong ask(ImageId id, Variant variant, Instant at) {
        return stores.renditions().requestRendition(id, variant, at, new JobSpec(id, List.of(), List.of(variant)));
    }

    /**
     * A name holds its recipe while its request stands: another recipe under it is refused without a
     * write (its URL is immutable), the same recipe is asked for again, and a request that failed before
     * anything was made under it gives it up. Each request and failure is a new version of the record.
     */
    @Test
    void aRenditionNameKeepsItsRecipeUntilItsRequestFails() {
        ImageRecord r = image();
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        Variant first = Variant.of("hero", "w:100");
        Variant second = Variant.of("hero", "w:200");
        Variant third = Variant.of("hero", "w:300");
        Instant asked = now().plusSeconds(1);
        ask(r.id(), first, asked);
        assertThat(stores.records().find(r.id()).orElseThrow().updatedAt()).as("a new version").isEqualTo(asked);
        stores.handedOver();

        assertThatThrownBy(() -> ask(r.id(), second, now().plusSeconds(2)))
                .isInstanceOfSatisfying(RenditionNameTakenException.class, e -> {
                    assertThat(e.name()).isEqualTo("hero");
                    assertThat(e.recipe()).isEqualTo(first.canonical());
                });
        assertThat(stores.handedOver()).as("no job for a refused request").isEmpty();
        ImageRecord unchanged = stores.records().find(r.id()).orElseThrow();
        assertThat(unchanged.request("hero").orElseThrow().variant()).isEqualTo(first);
        assertThat(unchanged.updatedAt()).isEqualTo(asked);
        assertThat(ask(r.id(), first, now().plusSeconds(3))).as("the same recipe again").isPresent();

        Instant failed = now().plusSeconds(4);
        stores.renditions().renditionRequestFailed(r.id(), first, "too big", failed);
        assertThat(stores.records().find(r.id()).orElseThrow().updatedAt()).as("a new version").isEqualTo(failed);
        assertThat(ask(r.id(), second, now().plusSeconds(5))).as("nothing was made under it").isPresent();
        assertThat(stores.records().find(r.id()).orElseThrow().request("hero").orElseThrow().variant()).isEqualTo(second);

        // Made, then failed when asked again: its bytes went out under the URL, which keeps the recipe.
        Rendition made = new Rendition("hero", BlobKey.rendition(r.id(), "hero", second.recipeHash(), ImageFormat.JPEG),
                ImageFormat.JPEG, 200, 150, 10, "11".repeat(32), now());
        stores.renditions().putRenditions(r.id(), List.of(made), Duration.ofMillis(5), now().plusSeconds(6));
        stores.renditions().renditionRequestFailed(r.id(), second, "deadline", now().plusSeconds(7));
        assertThatThrownBy(() -> ask(r.id(), third, now().plusSeconds(8))).isInstanceOf(RenditionNameTakenException.class);
        assertThat(ask(r.id(), second, now().plusSeconds(9))).isPresent();
    }

    /** Whether the store checks for a duplicate and writes in one step (false: a store without transactions). */
    protected boolean checksDuplicatesAtomically() {
        return true;
    }

    private ImageRecord withBytes(ImageRecord image, String sha256, String owner) {
        return new ImageRecord(image.id(), owner, image.status(), image.filename(), image.format(), image.bytes(),
                image.width(), image.height(), image.hasAlpha(), sha256, BlobKey.content(sha256), image.metadata(),
                image.createdAt(), image.updatedAt(), Map.of());
    }

    @Test
    void anUploadOfBytesTheOwnerHoldsGetsTheirImageAndWritesNothing() {
        String sha = "cd".repeat(32);
        ImageRecord first = withBytes(image(), sha, "ana");
        assertThat(stores.records().createUnlessDuplicate(first, new JobSpec(first.id(), List.of("thumb")), now())).isEmpty();
        assertThat(stores.handedOver()).hasSize(1);

        ImageRecord again = withBytes(image(), sha, "ana");
        assertThat(stores.records().createUnlessDuplicate(again, new JobSpec(again.id(), List.of("thumb")), now()))
                .map(ImageRecord::id).contains(first.id());
        assertThat(stores.records().find(again.id())).as("nothing written").isEmpty();
        assertThat(stores.handedOver()).as("no job").isEmpty();

        ImageRecord someoneElse = withBytes(image(), sha, "bob");
        assertThat(stores.records().createUnlessDuplicate(someoneElse, new JobSpec(someoneElse.id(), List.of()), now()))
                .as("another owner's image is not theirs").isEmpty();
        assertThat(stores.records().find(someoneElse.id())).isPresent();
    }

    @Test
    void ofUploadsOfTheSameBytesAtOnceFromTwoProcessesOneMakesTheImage() throws Exception {
        assumeTrue(checksDuplicatesAtomically(), "a store without transactions checks and writes in two steps");
        CatalogueStores other = stores.otherProcess();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int round = 0; round < 10; round++) {
                String sha = "%064x".formatted(1000 + round);
                CyclicBarrier start = new CyclicBarrier(4);
                List<Future<Optional<ImageRecord>>> tries = new ArrayList<>();
                List<ImageRecord> drafts = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    ImageRecord draft = withBytes(image(), sha, "ana");
                    drafts.add(draft);
                    ImageRecords records = (i % 2 == 0 ? stores : other).records();
                    Instant at = now();
                    tries.add(pool.submit(() -> {
                        start.await();
                        return records.createUnlessDuplicate(draft, new JobSpec(draft.id(), List.of()), at);
                    }));
                }
                List<ImageId> made = new ArrayList<>();
                List<ImageId> answered = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Optional<ImageRecord> found = tries.get(i).get();
                    if (found.isEmpty()) {
                        made.add(drafts.get(i).id());
                    } else {
                        answered.add(found.get().id());
                    }
                }
                assertThat(made).as("round %d: one image made", round).hasSize(1);
                assertThat(answered).as("the others get it").containsOnly(made.getFirst()).hasSize(3);
                assertThat(stores.records().existing(drafts.stream().map(ImageRecord::id).toList())).containsExactly(made.getFirst());
            }
        }
    }

    /** Two requests racing for a new name under different recipes: one takes it, the other is refused. */
    @Test
    void ofTwoRequestsRacingForANameOneTakesIt() throws Exception {
        ImageRecord r = image();
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < 10; i++) {
                String name = "race" + i;
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Boolean>> tries = new ArrayList<>();
                for (String recipe : List.of("w:100", "w:200")) {
                    Variant v = Variant.of(name, recipe);
                    tries.add(pool.submit(() -> {
                        start.await();
                        try {
                            return ask(r.id(), v, now()).isPresent();
                        } catch (RenditionNameTakenException taken) {
                            return false;
                        }
                    }));
                }
                List<Boolean> took = new ArrayList<>();
                for (Future<Boolean> t : tries) {
                    took.add(t.get());
                }
                assertThat(took).as(name).containsExactlyInAnyOrder(true, false);
                String held = stores.records().find(r.id()).orElseThrow().request(name).orElseThrow().variant().canonical();
                assertThat(held).isEqualTo(Variant.of(name, took.get(0) ? "w:100" : "w:200").canonical());
            }
        }
    }

    /**
     * A name asked for again under another recipe while the first job rendered: the newer job's
     * rendition is recorded, and the older job, ending last, writes nothing over it.
     */
    @Test
    void aLateRenditionOfARecipeAskedForAgainIsNotRecorded() {
        ImageRecord r = image();
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        Variant first = Variant.of("hero", "w:100");
        Variant second = Variant.of("hero", "w:200");
        ask(r.id(), first, now());
        // Given up on (a lease that ran out while its render went on), so the name takes a new recipe.
        stores.renditions().renditionRequestFailed(r.id(), first, "deadline", now());
        ask(r.id(), second, now());
        Rendition newer = new Rendition("hero", BlobKey.rendition(r.id(), "hero", second.recipeHash(), ImageFormat.JPEG),
                ImageFormat.JPEG, 200, 150, 10, "00".repeat(32), now());
        Rendition older = new Rendition("hero", BlobKey.rendition(r.id(), "hero", first.recipeHash(), ImageFormat.JPEG),
                ImageFormat.JPEG, 100, 75, 10, "11".repeat(32), now());
        Rendition variant = new Rendition("thumb", BlobKey.rendition(r.id(), "thumb", "aaaa", ImageFormat.JPEG),
                ImageFormat.JPEG, 1, 1, 1, "22".repeat(32), now());

        assertThat(stores.renditions().putRenditions(r.id(), List.of(newer), Duration.ofMillis(5), now())).isTrue();
        assertThat(stores.renditions().putRenditions(r.id(), List.of(older, variant), Duration.ofMillis(5), now())).isTrue();

        ImageRecord back = stores.records().find(r.id()).orElseThrow();
        assertThat(back.renditions().get("hero")).isEqualTo(newer);
        assertThat(back.madeUnder(second)).contains(newer);
        assertThat(back.renditions().get("thumb")).as("a configured variant asks nothing").isEqualTo(variant);
    }

    private Rendition madeUnder(ImageRecord image, Variant variant, String sha) {
        return new Rendition(variant.name(), BlobKey.rendition(image.id(), variant.name(), variant.recipeHash(), ImageFormat.WEBP),
                ImageFormat.WEBP, 200, 150, 4321, sha.repeat(32), now());
    }

    /**
     * A removed rendition leaves the record, whose version changes, with an event that tells what was
     * made; a render of it that ends later records nothing, and the name keeps the recipe it was
     * delivered under: another recipe is refused, the same one is taken back and recorded again.
     */
    @Test
    void aRemovedRenditionIsGoneAndItsNameKeepsItsRecipe() {
        ImageRecord r = image();
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        Variant hero = Variant.of("hero", "w:200,f:webp");
        Variant other = Variant.of("hero", "w:300,f:webp");
        ask(r.id(), hero, now());
        Rendition made = madeUnder(r, hero, "ab");
        stores.renditions().putRenditions(r.id(), List.of(made), Duration.ofMillis(5), now());
        long before = stores.events().after(0, 1000).size();

        Instant removedAt = now().plusSeconds(10);
        Optional<RemovedRendition> removed = stores.renditions().removeRendition(r.id(), "hero", removedAt);

        assertThat(removed).hasValueSatisfying(gone -> {
            assertThat(gone.request().variant()).isEqualTo(hero);
            assertThat(gone.made()).contains(made);
        });
        ImageRecord back = stores.records().find(r.id()).orElseThrow();
        assertThat(back.renditions()).doesNotContainKey("hero");
        assertThat(back.request("hero")).isEmpty();
        assertThat(back.requested()).isEmpty();
        assertThat(back.updatedAt()).as("a new version").isEqualTo(removedAt);
        List<ImageEvent> events = stores.events().after(0, 1000).stream().map(LoggedEvent::event).toList();
        assertThat(events).hasSize((int) before + 1);
        assertThat(events.getLast()).satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.RENDITION_DELETED);
            assertThat(e.variant()).contains("hero");
            assertThat(e.format()).contains(ImageFormat.WEBP);
            assertThat(e.bytes()).isEqualTo(4321);
            assertThat(e.occurredAt()).isEqualTo(removedAt);
        });
        assertThat(stores.renditions().removeRendition(r.id(), "hero", removedAt)).as("already removed").isEmpty();

        // A render of it that was under way ends now: nothing is recorded, no event.
        assertThat(stores.renditions().putRenditions(r.id(), List.of(madeUnder(r, hero, "cd")), Duration.ofMillis(5), now())).isTrue();
        assertThat(stores.records().find(r.id()).orElseThrow().renditions()).doesNotContainKey("hero");
        assertThat(stores.events().after(0, 1000)).hasSize((int) before + 1);
        // Nor does that render failing for good bring the request back.
        stores.renditions().renditionRequestFailed(r.id(), hero, "deadline", now());
        assertThat(stores.records().find(r.id()).orElseThrow().request("hero")).isEmpty();

        assertThatThrownBy(() -> ask(r.id(), other, now())).as("its URL was delivered as immutable")
                .isInstanceOfSatisfying(RenditionNameTakenException.class, e -> assertThat(e.recipe()).isEqualTo(hero.canonical()));
        assertThat(ask(r.id(), hero, now())).as("the same recipe is taken back").isPresent();
        assertThat(stores.records().find(r.id()).orElseThrow().request("hero").orElseThrow().variant()).isEqualTo(hero);
        Rendition again = madeUnder(r, hero, "ef");
        stores.renditions().putRenditions(r.id(), List.of(again), Duration.ofMillis(5), now());
        assertThat(stores.records().find(r.id()).orElseThrow().renditions().get("hero")).isEqualTo(again);
    }

    /**
     * Removed before anything was made under it, a name is free for another recipe, and a render of the
     * old one ending late records nothing over the new request.
     */
    @Test
    void aRenditionRemovedBeforeItWasMadeFreesItsName() {
        ImageRecord r = image();
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        Variant first = Variant.of("hero", "w:200,f:webp");
        Variant second = Variant.of("hero", "w:300,f:webp");
        ask(r.id(), first, now());

        assertThat(stores.renditions().removeRendition(r.id(), "hero", now()))
                .hasValueSatisfying(gone -> assertThat(gone.made()).isEmpty());
        List<ImageEvent> events = stores.events().after(0, 1000).stream().map(LoggedEvent::event).toList();
        assertThat(events.getLast()).satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.RENDITION_DELETED);
            assertThat(e.variant()).contains("hero");
            assertThat(e.hasSize()).as("nothing was made").isFalse();
        });
        assertThat(stores.renditions().putRenditions(r.id(), List.of(madeUnder(r, first, "ab")), Duration.ofMillis(5), now())).isTrue();
        assertThat(stores.records().find(r.id()).orElseThrow().renditions()).isEmpty();

        assertThat(ask(r.id(), second, now())).isPresent();
        stores.renditions().putRenditions(r.id(), List.of(madeUnder(r, first, "ab")), Duration.ofMillis(5), now());
        assertThat(stores.records().find(r.id()).orElseThrow().renditions()).as("the old recipe's late render").isEmpty();
        Rendition newer = madeUnder(r, second, "cd");
        stores.renditions().putRenditions(r.id(), List.of(newer), Duration.ofMillis(5), now());
        assertThat(stores.records().find(r.id()).orElseThrow().renditions().get("hero")).isEqualTo(newer);
    }

    /**
     * Once something was made under a name, the name keeps its recipe for good: through a removal, the
     * same recipe asked for again and removed again before it was made, or failing for good.
     */
    @Test
    void aNameOnceMadeKeepsItsRecipeThroughRemovalsAndFailures() {
        ImageRecord r = image();
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        Variant hero = Variant.of("hero", "w:200,f:webp");
        Variant other = Variant.of("hero", "w:300,f:webp");
        ask(r.id(), hero, now());
        stores.renditions().putRenditions(r.id(), List.of(madeUnder(r, hero, "ab")), Duration.ofMillis(5), now());
        stores.renditions().removeRendition(r.id(), "hero", now());

        ask(r.id(), hero, now());
        assertThat(stores.renditions().removeRendition(r.id(), "hero", now())).hasValueSatisfying(gone ->
                assertThat(gone.made()).as("nothing made this time").isEmpty());
        assertThatThrownBy(() -> ask(r.id(), other, now())).as("removed again before it was made")
                .isInstanceOf(RenditionNameTakenException.class);

        ask(r.id(), hero, now());
        stores.renditions().renditionRequestFailed(r.id(), hero, "deadline", now());
        assertThatThrownBy(() -> ask(r.id(), other, now())).as("failed when asked again")
                .isInstanceOf(RenditionNameTakenException.class);
        assertThat(ask(r.id(), hero, now())).isPresent();
    }

    /**
     * A job of a request removed, or given up on, and then asked for again under another recipe fails
     * nothing of the newer request when it fails for good.
     */
    @Test
    void aLateFailureOfAnOlderRequestFailsNothingOfTheNewerOne() {
        ImageRecord r = image();
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        Variant first = Variant.of("hero", "w:200,f:webp");
        Variant second = Variant.of("hero", "w:300,f:webp");
        ask(r.id(), first, now());
        stores.renditions().removeRendition(r.id(), "hero", now());
        ask(r.id(), second, now());
        Instant asked = stores.records().find(r.id()).orElseThrow().updatedAt();

        stores.renditions().renditionRequestFailed(r.id(), first, "deadline", now().plusSeconds(5));

        ImageRecord back = stores.records().find(r.id()).orElseThrow();
        assertThat(back.request("hero").orElseThrow().error()).isEmpty();
        assertThat(back.updatedAt()).as("no new version").isEqualTo(asked);
        assertThatThrownBy(() -> ask(r.id(), first, now())).as("the newer request still holds the name")
                .isInstanceOf(RenditionNameTakenException.class);
    }

    /** Removed names still count: each keeps its name, and the record its entry. */
    @Test
    void theNamesAnImageHoldsCountRemovedOnes() {
        ImageRecord r = image();
        stores.records().create(r, new JobSpec(r.id(), List.of("thumb")));
        assertThat(stores.renditions().renditionNames(r.id())).isEmpty();
        ask(r.id(), Variant.of("a", "w:100"), now());
        ask(r.id(), Variant.of("b", "w:100"), now());
        stores.renditions().removeRendition(r.id(), "a", now());

        assertThat(stores.renditions().renditionNames(r.id())).containsExactlyInAnyOrder("a", "b");
        assertThat(stores.renditions().renditionNames(new ImageId("0190a000-0000-7000-8000-999999999999"))).isEmpty();
    }

    /** On the version a caller read only, checked in the same step: a change since leaves it in place. */
    @Test
    void aRemovalOnAnOlderVersionRemovesNothing() {
        ImageRecord r = image();
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        Variant hero = Variant.of("hero", "w:200,f:webp");
        ask(r.id(), hero, now().plusSeconds(1));
        Instant read = stores.records().find(r.id()).orElseThrow().updatedAt();
        ask(r.id(), Variant.of("other", "w:100"), now().plusSeconds(2));

        assertThatThrownBy(() -> stores.renditions().removeRendition(r.id(), "hero", now().plusSeconds(3), Optional.of(read)))
                .isInstanceOf(StaleRecordException.class);
        assertThat(stores.records().find(r.id()).orElseThrow().request("hero")).isPresent();

        Instant current = stores.records().find(r.id()).orElseThrow().updatedAt();
        assertThat(stores.renditions().removeRendition(r.id(), "hero", now().plusSeconds(4), Optional.of(current))).isPresent();
    }

    @Test
    void removingARenditionNeverAskedForOrOfAGoneImageRemovesNothing() {
        ImageRecord r = image();
        stores.records().create(r, new JobSpec(r.id(), List.of("thumb")));
        Rendition thumb = new Rendition("thumb", BlobKey.rendition(r.id(), "thumb", "aaaa", ImageFormat.JPEG),
                ImageFormat.JPEG, 1, 1, 1, "22".repeat(32), now());
        stores.renditions().putRenditions(r.id(), List.of(thumb), Duration.ofMillis(5), now());
        long before = stores.events().after(0, 1000).size();

        assertThat(stores.renditions().removeRendition(r.id(), "thumb", now())).as("a configured variant").isEmpty();
        assertThat(stores.renditions().removeRendition(r.id(), "nope", now())).isEmpty();
        assertThat(stores.renditions().removeRendition(new ImageId("0190a000-0000-7000-8000-999999999999"), "hero", now())).isEmpty();
        assertThat(stores.records().find(r.id()).orElseThrow().renditions().get("thumb")).isEqualTo(thumb);
        assertThat(stores.events().after(0, 1000)).hasSize((int) before);
    }

    @Test
    void renditionsKeepTheirFrames() {
        ImageRecord r = image();
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        Rendition animated = new Rendition("thumb", BlobKey.rendition(r.id(), "thumb", "cccc", ImageFormat.WEBP),
                ImageFormat.WEBP, 256, 256, 5000, "aa".repeat(32), now(), 24, false);
        assertThat(stores.renditions().putRenditions(r.id(), List.of(animated), Duration.ofMillis(40), now())).isTrue();
        assertThat(stores.records().find(r.id()).orElseThrow().renditions().get("thumb")).isEqualTo(animated);
    }

    @Test
    void aListingHoldsOneOwnersImagesOnly() {
        List<ImageId> anas = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ImageRecord mine = ownedImage("ana", "sea");
            stores.records().create(mine, new JobSpec(mine.id(), List.of()));
            anas.add(mine.id());
            ImageRecord theirs = ownedImage("bo", "sea");
            stores.records().create(theirs, new JobSpec(theirs.id(), List.of()));
        }
        List<ImageId> seen = new ArrayList<>();
        Optional<PageCursor> cursor = Optional.empty();
        do {
            Page<ImageRecord> page = list(new ImageQuery("ana", Optional.empty(), 2, cursor));
            page.items().forEach(r -> seen.add(r.id()));
            cursor = page.next();
        } while (cursor.isPresent());
        assertThat(seen).containsExactlyElementsOf(anas.reversed());
        assertThat(list(new ImageQuery("ana", Optional.of("sea"), 10, Optional.empty())).items())
                .allSatisfy(r -> assertThat(r.owner()).isEqualTo("ana")).hasSize(5);
        assertThat(list(new ImageQuery("cy", Optional.empty(), 10, Optional.empty())).items()).isEmpty();
    }

    @Test
    void visibilityIsKeptAndEdited() {
        ImageRecord r = image();
        ImageRecord hidden = new ImageRecord(r.id(), r.owner(), r.status(), r.filename(), r.format(), r.bytes(), r.width(),
                r.height(), r.hasAlpha(), r.sha256(), r.originalKey(), r.metadata().withVisibility(Visibility.PRIVATE),
                r.createdAt(), r.updatedAt(), Map.of());
        stores.records().create(hidden, new JobSpec(r.id(), List.of()));
        assertThat(stores.records().find(r.id()).orElseThrow().visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(list(new ImageQuery("anonymous", Optional.empty(), 10, Optional.empty())).items())
                .singleElement().satisfies(back -> assertThat(back.visibility()).isEqualTo(Visibility.PRIVATE));

        assertThat(stores.records().edit(r.id(), RecordPatch.metadata(hidden.metadata().withVisibility(Visibility.PUBLIC)), now())).isTrue();
        assertThat(stores.records().find(r.id()).orElseThrow().visibility()).isEqualTo(Visibility.PUBLIC);
    }
}
