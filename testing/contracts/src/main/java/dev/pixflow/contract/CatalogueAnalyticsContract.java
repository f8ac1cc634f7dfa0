package dev.pixflow.contract;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.Exif;
import dev.pixflow.core.domain.ExportedImage;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.RecordPatch;
import dev.pixflow.core.domain.TagCount;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.port.CatalogueExport;
import dev.pixflow.core.port.CatalogueStatistics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the analytics export and the admin statistics read from every catalogue: a UTC day's records in
 * (created at, id) order a page at a time, with their tags in order; per-day, per-format and per-tag
 * aggregates of a window; totals of everything.
 */
public abstract class CatalogueAnalyticsContract {
    private CatalogueStores stores;

    @BeforeEach
    void openStores(CatalogueStores stores) {
        this.stores = stores;
    }

    private static final Instant MAY_1 = Instant.parse("2026-05-01T00:00:00Z");
    private static final Instant MAY_2 = Instant.parse("2026-05-02T00:00:00Z");
    private int seq;

    private ImageRecord upload(Instant at, ImageFormat format, long bytes, String... tags) {
        seq++;
        String sha = "%064x".formatted(seq);
        ImageRecord r = new ImageRecord(new ImageId("0190a000-0000-7000-8000-%012d".formatted(seq)), "owner-" + (seq % 2),
                ImageStatus.PROCESSING, "IMG_%04d.%s".formatted(seq, format.extension()), format, bytes, 640, 480, false,
                sha, BlobKey.content(sha), new ImageMetadata("photo " + seq, null, List.of(tags), Visibility.PUBLIC, null),
                at, at, Map.of(), List.of(), Exif.NONE, Optional.empty());
        stores.references().retainBlob(r.originalKey());
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        return r;
    }

    private List<ExportedImage> allOf(Instant from, Instant to, int page) {
        List<ExportedImage> out = new ArrayList<>();
        Optional<CatalogueExport.Position> after = Optional.empty();
        List<ExportedImage> batch;
        do {
            batch = stores.export().createdBetween(from, to, after, page);
            out.addAll(batch);
            if (!batch.isEmpty()) {
                after = Optional.of(new CatalogueExport.Position(batch.getLast().createdAt(), batch.getLast().id()));
            }
        } while (batch.size() == page);
        return out;
    }

    @Test
    void aDayIsReadInCreationOrderAcrossPagesWithoutItsNeighbours() {
        upload(MAY_1.minusMillis(1), ImageFormat.JPEG, 10);
        ImageRecord first = upload(MAY_1, ImageFormat.JPEG, 10);
        // Three records in the same millisecond: the id orders them, and a page boundary falls among them.
        ImageRecord a = upload(MAY_1.plusSeconds(60), ImageFormat.PNG, 10);
        ImageRecord b = upload(MAY_1.plusSeconds(60), ImageFormat.PNG, 10);
        ImageRecord c = upload(MAY_1.plusSeconds(60), ImageFormat.PNG, 10);
        ImageRecord last = upload(MAY_2.minusMillis(1), ImageFormat.WEBP, 10);
        upload(MAY_2, ImageFormat.JPEG, 10);

        List<ImageId> ids = allOf(MAY_1, MAY_2, 2).stream().map(ExportedImage::id).toList();
        assertThat(ids).containsExactly(first.id(), a.id(), b.id(), c.id(), last.id());
        assertThat(allOf(MAY_1, MAY_2, 1000).stream().map(ExportedImage::id).toList()).isEqualTo(ids);
        assertThat(stores.export().createdBetween(MAY_2.plusSeconds(86_400), MAY_2.plusSeconds(2 * 86_400), Optional.empty(), 10))
                .isEmpty();
    }

    @Test
    void anExportedRowCarriesTheRecordsFacts() {
        ImageRecord tagged = upload(MAY_1.plusMillis(5), ImageFormat.PNG, 4321, "sea", "boats", "harbour");
        Instant taken = Instant.parse("2026-04-20T10:11:12Z");
        stores.references().retainBlob(BlobKey.content("ff".repeat(32)));
        stores.records().create(new ImageRecord(new ImageId("0190a000-0000-7000-8000-999999999999"), "ana", ImageStatus.READY,
                "x.jpg", ImageFormat.JPEG, 99, 10, 20, true, "ff".repeat(32), BlobKey.content("ff".repeat(32)),
                new ImageMetadata(null, null, List.of(), Visibility.PRIVATE, null), MAY_1.plusMillis(9), MAY_1.plusMillis(9),
                Map.of(), List.of(), new Exif("Canon", "EOS R5", null, taken, null, null, null, null, null),
                Optional.of(MAY_2.plusSeconds(3600))), new JobSpec(new ImageId("0190a000-0000-7000-8000-999999999999"), List.of()));

        List<ExportedImage> rows = allOf(MAY_1, MAY_2, 10);
        assertThat(rows).hasSize(2);
        ExportedImage t = rows.get(0);
        assertThat(t.id()).isEqualTo(tagged.id());
        assertThat(t.tags()).containsExactly("sea", "boats", "harbour");
        assertThat(t.title()).contains(tagged.metadata().title());
        assertThat(t.format()).isEqualTo(ImageFormat.PNG);
        assertThat(t.bytes()).isEqualTo(4321);
        assertThat(t.createdAt()).isEqualTo(MAY_1.plusMillis(5));
        assertThat(t.takenAt()).isEmpty();
        assertThat(t.expiresAt()).isEmpty();

        ExportedImage other = rows.get(1);
        assertThat(other.owner()).isEqualTo("ana");
        assertThat(other.status()).isEqualTo(ImageStatus.READY);
        assertThat(other.visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(other.hasAlpha()).isTrue();
        assertThat(other.tags()).isEmpty();
        assertThat(other.title()).isEmpty();
        assertThat(other.takenAt()).contains(taken);
        assertThat(other.cameraMake()).contains("Canon");
        assertThat(other.cameraModel()).contains("EOS R5");
        assertThat(other.expiresAt()).contains(MAY_2.plusSeconds(3600));
    }

    @Test
    void statisticsAggregateTheWindowByDayFormatAndTag() {
        upload(MAY_1.minusSeconds(86_400), ImageFormat.GIF, 7, "old");  // before the window
        upload(MAY_1, ImageFormat.JPEG, 100, "sea", "boats");
        upload(MAY_1.plusSeconds(3600), ImageFormat.JPEG, 200, "sea");
        upload(MAY_2.minusMillis(1), ImageFormat.PNG, 300, "sea", "city");
        upload(MAY_2.plusSeconds(10), ImageFormat.WEBP, 400, "city");

        CatalogueStatistics.Summary s = stores.statistics().summarize(MAY_1, MAY_2.plusSeconds(86_400), 2, MAY_2.plusSeconds(86_400));
        assertThat(s.perDay()).containsExactly(
                new CatalogueStatistics.DayUploads(LocalDate.parse("2026-05-01"), 3, 600),
                new CatalogueStatistics.DayUploads(LocalDate.parse("2026-05-02"), 1, 400));
        assertThat(s.formats()).containsExactly(
                new CatalogueStatistics.FormatShare(ImageFormat.JPEG, 2, 300),
                new CatalogueStatistics.FormatShare(ImageFormat.PNG, 1, 300),
                new CatalogueStatistics.FormatShare(ImageFormat.WEBP, 1, 400));
        assertThat(s.topTags()).containsExactly(new TagCount("sea", 3), new TagCount("city", 2));
        assertThat(s.totalImages()).isEqualTo(5);
        assertThat(s.totalBytes()).isEqualTo(1007);

        CatalogueStatistics.Summary empty = stores.statistics().summarize(MAY_2.plusSeconds(86_400 * 10), MAY_2.plusSeconds(86_400 * 11), 5,
                MAY_2.plusSeconds(86_400 * 11));
        assertThat(empty.perDay()).isEmpty();
        assertThat(empty.formats()).isEmpty();
        assertThat(empty.topTags()).isEmpty();
        assertThat(empty.totalImages()).isEqualTo(5);
    }

    @Test
    void statisticsLeaveOutWhatHasExpiredAndNotYetBeenSwept() {
        upload(MAY_1, ImageFormat.JPEG, 100, "sea");
        ImageRecord leaving = upload(MAY_1.plusSeconds(60), ImageFormat.PNG, 300, "sea", "city");
        stores.records().edit(leaving.id(), RecordPatch.expiry(Optional.of(MAY_1.plusSeconds(3600))), MAY_1.plusSeconds(120));

        CatalogueStatistics.Summary before = stores.statistics().summarize(MAY_1, MAY_2, 5, MAY_1.plusSeconds(3599));
        assertThat(before.totalImages()).isEqualTo(2);
        assertThat(before.formats()).hasSize(2);

        CatalogueStatistics.Summary after = stores.statistics().summarize(MAY_1, MAY_2, 5, MAY_1.plusSeconds(3600));
        assertThat(after.perDay()).containsExactly(new CatalogueStatistics.DayUploads(LocalDate.parse("2026-05-01"), 1, 100));
        assertThat(after.formats()).containsExactly(new CatalogueStatistics.FormatShare(ImageFormat.JPEG, 1, 100));
        assertThat(after.topTags()).containsExactly(new TagCount("sea", 1));
        assertThat(after.totalImages()).isEqualTo(1);
        assertThat(after.totalBytes()).isEqualTo(100);
    }
}
