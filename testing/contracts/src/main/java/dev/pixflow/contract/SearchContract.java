package dev.pixflow.contract;

import dev.pixflow.core.domain.Exif;
import dev.pixflow.core.domain.GeoPoint;
import dev.pixflow.core.domain.ImageFilter;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageSort;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.Orientation;
import dev.pixflow.core.domain.Page;
import dev.pixflow.core.domain.PageCursor;
import dev.pixflow.core.domain.RecordPatch;
import dev.pixflow.core.domain.SearchTerms;
import dev.pixflow.core.domain.TagCount;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.recipe.Variant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Search over the catalogue, the same answers from every catalogue backend ({@link dev.pixflow.core.port.ImageSearch}): full text (stemmed
 * words, the last word also as a prefix, stop words ignored) over title, description, tags, file name,
 * overlay text, alt text and camera; relevance by where the words occur; every filter; cursors that
 * neither repeat nor skip while images arrive; tag counts and bulk tagging.
 */
public abstract class SearchContract {
    private CatalogueStores stores;

    @BeforeEach
    void openStores(CatalogueStores stores) {
        this.stores = stores;
    }

    private Instant clock = Instant.parse("2026-03-01T00:00:00Z");
    private int seq;

    protected ImageDraft draft() {
        seq++;
        Instant at = clock;
        clock = clock.plus(Duration.ofMillis(1));
        return new ImageDraft(seq, at);
    }

    protected Instant now() {
        return clock;
    }

    private ImageRecord add(ImageDraft draft) {
        ImageRecord r = draft.build();
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        return r;
    }

    private List<ImageId> search(String q) {
        return ids(query(q, ImageFilter.NONE, null, 50));
    }

    private Page<ImageRecord> query(String q, ImageFilter filter, ImageSort sort, int limit) {
        return stores.search().list(new ImageQuery("anonymous", filter, SearchTerms.parse(q), sort, limit, Optional.empty()), now());
    }

    private List<ImageId> filtered(Consumer<ImageFilter.Builder> conditions) {
        ImageFilter.Builder b = ImageFilter.builder();
        conditions.accept(b);
        return ids(query(null, b.build(), ImageSort.OLDEST, 50));
    }

    private static List<ImageId> ids(Page<ImageRecord> page) {
        return page.items().stream().map(ImageRecord::id).toList();
    }

    @Test
    void wordsAreStemmedAndRankedByWhereTheyOccur() {
        ImageRecord inTitle = add(draft().title("Boats in the harbour"));
        ImageRecord inDescription = add(draft().description("A boat trip along the coast"));
        ImageRecord inFileName = add(draft().filename("boat.jpg"));
        add(draft().title("Mountain lake"));

        assertThat(search("boat")).containsExactly(inTitle.id(), inDescription.id(), inFileName.id());
        assertThat(search("BOATS")).containsExactly(inTitle.id(), inDescription.id(), inFileName.id());
    }

    @Test
    void everyWordMustMatchAndStopWordsAreIgnored() {
        ImageRecord both = add(draft().title("Boats in the harbour"));
        add(draft().title("Harbour wall"));
        add(draft().title("Boat on a lake"));

        assertThat(search("boats harbour")).containsExactly(both.id());
        assertThat(search("the boats of the harbour")).containsExactly(both.id());
        assertThat(search("harbour boats the")).as("a stop word last, after others, is ignored too").containsExactly(both.id());
        assertThat(search("submarine harbour")).isEmpty();
    }

    @Test
    void theLastWordIsAlsoAPrefix() {
        ImageRecord harbour = add(draft().title("Harbour at dusk"));
        ImageRecord running = add(draft().title("Running dogs on the beach"));
        ImageRecord theatre = add(draft().title("Theatre"));

        assertThat(search("harb")).containsExactly(harbour.id());
        assertThat(search("du")).containsExactly(harbour.id());
        // The stemmer makes "running" "run": the prefix is matched against the words as written.
        assertThat(search("runni")).containsExactly(running.id());
        assertThat(search("dogs runni")).containsExactly(running.id());
        // A stop word alone is still the start of what is being typed (equal scores: newer first).
        assertThat(search("the")).containsExactly(theatre.id(), running.id());
        assertThat(search("harbour dus")).containsExactly(harbour.id());
        assertThat(search("dus harbour")).isEmpty();
    }

    /** Written without spaces between words: a part of a title finds it, by its pairs of characters. */
    @Test
    void chineseJapaneseAndKoreanAreFoundByAnyPartOfTheirText() {
        ImageRecord tower = add(draft().title("東京タワーの夜景"));
        ImageRecord kyoto = add(draft().title("京都の紅葉").tags("旅行"));
        ImageRecord shanghai = add(draft().description("上海外滩的夜景"));
        ImageRecord seoul = add(draft().title("서울 야경").filename("IMG_0042.jpg"));
        ImageRecord gas = add(draft().title("ガスタンク"));

        assertThat(search("東京タワー")).containsExactly(tower.id());
        assertThat(search("タワー")).containsExactly(tower.id());
        assertThat(search("夜景")).containsExactlyInAnyOrder(tower.id(), shanghai.id());
        assertThat(search("紅葉 旅行")).containsExactly(kyoto.id());
        assertThat(search("外滩")).containsExactly(shanghai.id());
        assertThat(search("야경")).containsExactly(seoul.id());
        // One character finds it anywhere; the word still being typed is a prefix, as in any script.
        assertThat(search("葉")).containsExactly(kyoto.id());
        assertThat(search("東京タ")).containsExactly(tower.id());
        // Every pair must be there, and voicing marks count: カス is not ガス.
        assertThat(search("東京の紅葉")).isEmpty();
        assertThat(search("ｶﾞｽ")).containsExactly(gas.id());
        assertThat(search("カスタ")).isEmpty();
    }

    @Test
    void tagsAltTextOverlayTextCameraAndFileNameAreSearched() {
        ImageRecord tagged = add(draft().tags("lighthouse"));
        ImageRecord described = add(draft().altText("A red kite over green hills"));
        ImageRecord camera = add(draft().exif(new Exif("Fujifilm", "X-T5", null, null, null, null, null, null, null)));
        ImageRecord named = add(draft().filename("DSC_0042.JPG"));
        ImageRecord overlaid = add(draft());
        Variant banner = Variant.of("banner", "w:800,text:" + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("Summer Sale".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        stores.renditions().requestRendition(overlaid.id(), banner, now(), new JobSpec(overlaid.id(), List.of(), List.of(banner)));
        ImageRecord altLater = add(draft());
        stores.records().fillAltText(altLater.id(), "Fog over the estuary", now());

        assertThat(search("lighthouse")).containsExactly(tagged.id());
        assertThat(search("kite hills")).containsExactly(described.id());
        assertThat(search("fujifilm x")).containsExactly(camera.id());
        assertThat(search("dsc 0042")).containsExactly(named.id());
        assertThat(search("sale")).containsExactly(overlaid.id());
        assertThat(search("estuary")).containsExactly(altLater.id());

        stores.renditions().removeRendition(overlaid.id(), "banner", now());
        assertThat(search("sale")).as("the text of a removed rendition").isEmpty();
    }

    @Test
    void editsAreSearchableAtOnce() {
        ImageRecord r = add(draft().title("Untitled"));
        stores.records().edit(r.id(), RecordPatch.metadata(r.metadata().withTags(List.of("zebra")).withAltText("Zebras at a waterhole")), now());

        assertThat(search("zebra")).containsExactly(r.id());
        assertThat(search("untitled")).containsExactly(r.id());
        assertThat(search("waterhole")).containsExactly(r.id());
    }

    @Test
    void aScoreCountsEachWordInEachClass() {
        ImageRecord everywhere = add(draft().title("Sea").description("The sea at noon").filename("sea.jpg"));
        ImageRecord titleAndTag = add(draft().title("Sea").tags("sea"));
        ImageRecord describedTwice = add(draft().description("sea sea sea"));
        ImageRecord newerTie = add(draft().altText("Open sea"));

        // 4+2+1, then 4 (title and tag are one class), then two 2s of which the newer comes first.
        assertThat(search("sea")).containsExactly(everywhere.id(), titleAndTag.id(), newerTie.id(), describedTwice.id());
        assertThat(ids(query("sea", ImageFilter.NONE, ImageSort.NEWEST, 50)))
                .containsExactly(newerTie.id(), describedTwice.id(), titleAndTag.id(), everywhere.id());
        assertThat(ids(query("sea", ImageFilter.NONE, ImageSort.OLDEST, 50)))
                .containsExactly(everywhere.id(), titleAndTag.id(), describedTwice.id(), newerTie.id());
    }

    @Test
    void tagsMustAllBeThere() {
        ImageRecord both = add(draft().tags("sea", "boats"));
        add(draft().tags("sea"));
        add(draft().tags("boats"));

        assertThat(filtered(f -> f.tags(List.of("Sea", "BOATS")))).containsExactly(both.id());
    }

    @Test
    void filtersOnTimeSizeShapeFormatGpsAndStatus() {
        Instant taken = Instant.parse("2024-07-14T16:30:00Z");
        Exif withGps = new Exif("Canon", "R5", null, taken, null, null, null, null, new GeoPoint(48.85, 2.35));
        ImageRecord wide = add(draft().size(4000, 3000).exif(withGps).status(ImageStatus.READY));
        ImageRecord tall = add(draft().size(1080, 1920).format(ImageFormat.PNG)
                .exif(new Exif(null, null, null, taken.plus(Duration.ofDays(30)), null, null, null, null, null)));
        ImageRecord square = add(draft().size(800, 800).format(ImageFormat.WEBP).status(ImageStatus.FAILED));
        Instant afterTall = now();

        assertThat(filtered(f -> f.orientation(Orientation.LANDSCAPE))).containsExactly(wide.id());
        assertThat(filtered(f -> f.orientation(Orientation.PORTRAIT))).containsExactly(tall.id());
        assertThat(filtered(f -> f.orientation(Orientation.SQUARE))).containsExactly(square.id());
        assertThat(filtered(f -> f.minWidth(1000))).containsExactly(wide.id(), tall.id());
        assertThat(filtered(f -> f.minWidth(1000).minHeight(2000))).containsExactly(wide.id());
        assertThat(filtered(f -> f.minWidth(4001))).isEmpty();
        assertThat(filtered(f -> f.minHeight(800))).containsExactly(wide.id(), tall.id(), square.id());
        assertThat(filtered(f -> f.format(ImageFormat.PNG))).containsExactly(tall.id());
        assertThat(filtered(f -> f.hasGps(true))).containsExactly(wide.id());
        assertThat(filtered(f -> f.hasGps(false))).containsExactly(tall.id(), square.id());
        assertThat(filtered(f -> f.status(ImageStatus.READY))).containsExactly(wide.id());
        assertThat(filtered(f -> f.takenFrom(taken))).containsExactly(wide.id(), tall.id());
        assertThat(filtered(f -> f.takenFrom(taken.plusSeconds(1)))).containsExactly(tall.id());
        assertThat(filtered(f -> f.takenTo(taken.plusSeconds(1)))).containsExactly(wide.id());
        assertThat(filtered(f -> f.createdFrom(tall.createdAt()))).containsExactly(tall.id(), square.id());
        assertThat(filtered(f -> f.createdTo(tall.createdAt()))).containsExactly(wide.id());
        assertThat(filtered(f -> f.createdFrom(tall.createdAt()).createdTo(afterTall).format(ImageFormat.WEBP)))
                .containsExactly(square.id());
    }

    @Test
    void expiredImagesAndOtherOwnersAreNeverListed() {
        ImageRecord live = add(draft().title("Kept photo").tags("kept"));
        add(draft().title("Expired photo").tags("kept").expiresAt(now().minusMillis(1)));
        add(draft().title("Kept photo of someone else").owner("bo").tags("kept"));
        ImageRecord later = add(draft().title("Kept until later").expiresAt(now().plus(Duration.ofDays(1))));

        assertThat(search("photo")).containsExactly(live.id());
        assertThat(search("kept")).containsExactly(later.id(), live.id());
        assertThat(stores.search().tags("anonymous", now(), 10)).containsExactly(new TagCount("kept", 1));
    }

    @Test
    void relevancePagesNeitherRepeatNorSkipWhileImagesArrive() {
        assertPagesHold(ImageSort.RELEVANCE);
    }

    @Test
    void newestAndOldestPagesNeitherRepeatNorSkipWhileImagesArrive() {
        assertPagesHold(ImageSort.NEWEST);
        assertPagesHold(ImageSort.OLDEST);
    }

    private void assertPagesHold(ImageSort sort) {
        String word = "walk" + sort.id();
        String[] places = {"title", "description", "file", "alt"};
        for (int i = 0; i < 23; i++) {
            String where = places[i % places.length];
            ImageDraft d = draft();
            switch (where) {
                case "title" -> d.title("A " + word);
                case "description" -> d.description("Along the " + word);
                case "file" -> d.filename(word + "_" + i + ".jpg");
                default -> d.altText("People on a " + word);
            }
            add(d);
        }
        List<ImageId> expected = ids(query(word, ImageFilter.NONE, sort, 100));
        assertThat(expected).hasSize(23);

        List<ImageId> seen = new ArrayList<>();
        List<ImageId> arrived = new ArrayList<>();
        Optional<PageCursor> cursor = Optional.empty();
        do {
            Page<ImageRecord> page = stores.search().list(new ImageQuery("anonymous", ImageFilter.NONE, SearchTerms.parse(word),
                    sort, 5, cursor), now());
            page.items().forEach(r -> seen.add(r.id()));
            cursor = page.next();
            // Arrivals that score higher, lower and the same, between every two pages.
            arrived.add(add(draft().title(word + " " + word).description(word)).id());
            arrived.add(add(draft().filename(word + "-new.jpg")).id());
            arrived.add(add(draft().description("Another " + word)).id());
        } while (cursor.isPresent());

        assertThat(new HashSet<>(seen)).as("no image twice").hasSize(seen.size());
        // Every image there was at the start, in its order, none skipped. An arrival that sorts after the
        // cursor (oldest first: all of them; by relevance: those scoring lower) is met later in the walk.
        assertThat(seen.stream().filter(expected::contains).toList()).containsExactlyElementsOf(expected);
        assertThat(arrived).containsAll(seen.stream().filter(id -> !expected.contains(id)).toList());
        if (sort == ImageSort.NEWEST) {
            assertThat(seen).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aCursorBelongsToItsSort() {
        for (int i = 0; i < 3; i++) {
            add(draft().title("cursor test"));
        }
        PageCursor relevance = query("cursor", ImageFilter.NONE, ImageSort.RELEVANCE, 1).next().orElseThrow();
        assertThatThrownBy(() -> new ImageQuery("anonymous", ImageFilter.NONE, SearchTerms.parse("cursor"),
                ImageSort.NEWEST, 1, Optional.of(relevance))).hasMessageStartingWith("cursor:");
        assertThat(PageCursor.decode(relevance.encode())).isEqualTo(relevance);
    }

    @Test
    void tagsAreCountedMostUsedFirst() {
        add(draft().tags("sea", "boats"));
        add(draft().tags("sea"));
        add(draft().tags("alps", "sea"));
        add(draft().owner("bo").tags("alps", "zoo"));

        assertThat(stores.search().tags("anonymous", now(), 10)).containsExactly(
                new TagCount("sea", 3), new TagCount("alps", 1), new TagCount("boats", 1));
        assertThat(stores.search().tags("anonymous", now(), 1)).containsExactly(new TagCount("sea", 3));
    }

    @Test
    void bulkTaggingChangesTheOwnersImagesTogether() {
        ImageRecord a = add(draft().tags("draft", "sea"));
        ImageRecord b = add(draft().tags("sea"));
        ImageRecord theirs = add(draft().owner("bo").tags("sea"));
        ImageRecord asAsked = add(draft().tags("sea", "published"));
        ImageId missing = new ImageId("0190a000-0000-7000-8000-999999999999");

        ImageRecords.Retagged done = stores.records().retag("anonymous", List.of(a.id(), b.id(), theirs.id(), missing, asAsked.id()),
                List.of("published", "sea"), List.of("draft"), now().plusSeconds(60));

        assertThat(done.updated()).containsExactly(a.id(), b.id());
        assertThat(done.unchanged()).containsExactly(asAsked.id());
        assertThat(stores.records().find(asAsked.id()).orElseThrow().updatedAt()).as("no new version").isEqualTo(asAsked.updatedAt());
        assertThat(stores.records().find(a.id()).orElseThrow().updatedAt()).isNotEqualTo(a.updatedAt());
        assertThat(stores.records().find(a.id()).orElseThrow().tags()).containsExactly("sea", "published");
        assertThat(stores.records().find(b.id()).orElseThrow().tags()).containsExactly("sea", "published");
        assertThat(stores.records().find(theirs.id()).orElseThrow().tags()).containsExactly("sea");
        assertThat(filtered(f -> f.tags(List.of("published")))).containsExactly(a.id(), b.id(), asAsked.id());
        assertThat(search("published")).containsExactly(asAsked.id(), b.id(), a.id());
    }

    @Test
    void bulkTaggingPastTheTagLimitChangesNothing() {
        String[] fifty = new String[50];
        for (int i = 0; i < 50; i++) {
            fifty[i] = "t" + i;
        }
        ImageRecord roomy = add(draft().tags("a"));
        ImageRecord full = add(draft().tags(fifty));

        assertThatThrownBy(() -> stores.records().retag("anonymous", List.of(roomy.id(), full.id()), List.of("one-more"), List.of(), now()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(full.id().value());
        assertThat(stores.records().find(roomy.id()).orElseThrow().tags()).containsExactly("a");
    }
}
