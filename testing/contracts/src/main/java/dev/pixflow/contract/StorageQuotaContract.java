package dev.pixflow.contract;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.QuotaExceededException;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.core.port.StorageQuota;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What a {@link StorageQuota} on a catalogue promises: an owner's images and the holds of their uploads
 * being stored count, other owners' do not; holds taken at once in two processes cannot together pass
 * the quota; a hold not given back runs out.
 */
public abstract class StorageQuotaContract {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    /** How long a hold lasts when it is not given back. */
    protected static final Duration HOLD_FOR = Duration.ofMinutes(10);
    /** What {@link ImageDraft} records weigh. */
    private static final long IMAGE = 1234;

    private CatalogueStores stores;
    private int seq;

    /** The quota of {@code limit} bytes on these stores' database, its clock stopped at {@code now}. */
    protected abstract StorageQuota quota(CatalogueStores stores, long limit, Duration holdFor, Instant now);

    @BeforeEach
    void openStores(CatalogueStores stores) {
        this.stores = stores;
    }

    private ImageRecord image(String owner) {
        seq++;
        ImageRecord r = new ImageDraft(seq, NOW.plusMillis(seq)).owner(owner).build();
        stores.records().create(r, new JobSpec(r.id(), List.of()));
        return r;
    }

    private static Rendition rendition(ImageRecord image, Variant variant, long bytes) {
        return new Rendition(variant.name(), BlobKey.rendition(image.id(), variant.name(), variant.recipeHash(), ImageFormat.PNG),
                ImageFormat.PNG, 100, 100, bytes, "cd".repeat(32), NOW);
    }

    @Test
    void renditionsAskedForByRecipeCountAndTheConfiguredVariantsDoNot() {
        ImageRecord image = image("ana");
        Variant banner = Variant.of("banner", "w:1200,h:300,fit:cover,f:png");
        stores.renditions().requestRendition(image.id(), banner, NOW, new JobSpec(image.id(), List.of(), List.of(banner)));
        stores.renditions().putRenditions(image.id(),
                List.of(rendition(image, Variant.of("thumb", "w:256,h:256,fit:cover"), 500), rendition(image, banner, 700)),
                Duration.ofMillis(10), NOW);

        QuotaExceededException refused = catchThrowableOfType(QuotaExceededException.class,
                () -> quota(stores, IMAGE + 700, HOLD_FOR, NOW).check("ana", 1));
        assertThat(refused.used()).as("the original and the banner, not the thumb").isEqualTo(IMAGE + 700);
        quota(stores, IMAGE + 700, HOLD_FOR, NOW).check("ana", 0);
        assertThatThrownBy(() -> quota(stores, IMAGE + 699, HOLD_FOR, NOW).check("ana", 0))
                .as("already past the quota").isInstanceOf(QuotaExceededException.class).hasMessageContaining("delete some first");

        stores.renditions().removeRendition(image.id(), "banner", NOW);
        quota(stores, IMAGE, HOLD_FOR, NOW).check("ana", 0);
        assertThatThrownBy(() -> quota(stores, IMAGE, HOLD_FOR, NOW).check("ana", 1)).as("the banner no longer counts")
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> assertThat(e.used()).isEqualTo(IMAGE));
    }

    @Test
    void anOwnersImagesAndHoldsCountAndAHoldGivenBackDoesNot() {
        image("ana");
        image("ana");
        image("bo");
        StorageQuota quota = quota(stores, 3 * IMAGE, HOLD_FOR, NOW);

        StorageQuota.Hold third = quota.hold("ana", IMAGE);
        QuotaExceededException refused = catchThrowableOfType(QuotaExceededException.class, () -> quota.hold("ana", 1));
        assertThat(refused.quota()).isEqualTo(QuotaExceededException.STORED_BYTES);
        assertThat(refused.limit()).isEqualTo(3 * IMAGE);
        assertThat(refused.used()).as("two images and a hold").isEqualTo(3 * IMAGE);
        assertThat(refused.requested()).isEqualTo(1);
        assertThatThrownBy(() -> quota.check("ana", 1)).isInstanceOf(QuotaExceededException.class);
        quota.hold("bo", 2 * IMAGE).close();

        third.close();
        quota.check("ana", IMAGE);
        quota.hold("ana", IMAGE).close();
    }

    /** Gone to its owner (410), who can no longer delete it, an expired image counts no more before it is swept. */
    @Test
    void anImagePastItsExpiryCountsNoMore() {
        image("ana");
        ImageRecord expiring = new ImageDraft(++seq, NOW.minusSeconds(60)).owner("ana").expiresAt(NOW.plusSeconds(60)).build();
        stores.records().create(expiring, new JobSpec(expiring.id(), List.of()));
        Variant banner = Variant.of("banner", "w:1200,f:png");
        stores.renditions().requestRendition(expiring.id(), banner, NOW, new JobSpec(expiring.id(), List.of(), List.of(banner)));
        stores.renditions().putRenditions(expiring.id(), List.of(rendition(expiring, banner, 700)), Duration.ofMillis(10), NOW);

        QuotaExceededException before = catchThrowableOfType(QuotaExceededException.class,
                () -> quota(stores, 2 * IMAGE + 700, HOLD_FOR, NOW).check("ana", 1));
        assertThat(before.used()).as("both images and the banner").isEqualTo(2 * IMAGE + 700);

        Instant later = NOW.plusSeconds(61);
        QuotaExceededException after = catchThrowableOfType(QuotaExceededException.class,
                () -> quota(stores, IMAGE, HOLD_FOR, later).check("ana", 1));
        assertThat(after.used()).as("the live image only").isEqualTo(IMAGE);
    }

    @Test
    void aCheckHoldsNothing() {
        StorageQuota quota = quota(stores, 10, HOLD_FOR, NOW);
        for (int i = 0; i < 3; i++) {
            quota.check("ana", 10);
        }
        assertThatThrownBy(() -> quota.check("ana", 11)).isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("quota of 10");
    }

    @Test
    void aHoldNotGivenBackRunsOut() {
        StorageQuota before = quota(stores, 100, HOLD_FOR, NOW);
        before.hold("ana", 100);
        assertThatThrownBy(() -> before.hold("ana", 1)).isInstanceOf(QuotaExceededException.class);

        StorageQuota later = quota(stores, 100, HOLD_FOR, NOW.plus(HOLD_FOR).plusSeconds(1));
        later.hold("ana", 100).close();
    }

    /** Sixteen uploads at once, half in each process, with room for five: exactly five are held. */
    @Test
    void holdsTakenAtOnceInTwoProcessesNeverPassTheQuota() throws Exception {
        List<StorageQuota> processes = List.of(quota(stores, 5 * IMAGE, HOLD_FOR, NOW),
                quota(stores.otherProcess(), 5 * IMAGE, HOLD_FOR, NOW));
        AtomicInteger held = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            StorageQuota quota = processes.get(i % 2);
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    quota.hold("ana", IMAGE);
                    held.incrementAndGet();
                } catch (QuotaExceededException e) {
                    refused.incrementAndGet();
                } catch (Throwable t) {
                    errors.add(t);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(60));
        }
        assertThat(errors).isEmpty();
        assertThat(held.get()).isEqualTo(5);
        assertThat(refused.get()).isEqualTo(11);
    }

    /**
     * The parts an owner's open multipart uploads hold count: an owner cannot keep more than the quota
     * in parts of uploads never completed. Once completing, the completion's hold counts them instead.
     */
    @Test
    void partsOfOpenUploadsCountUntilTheirCompletionTakesThem() {
        image("ana");
        dev.pixflow.core.domain.MultipartUpload open = upload("ana");
        dev.pixflow.core.domain.MultipartUpload others = upload("bo");
        stores.multipartUploads().create(open);
        stores.multipartUploads().create(others);
        stores.multipartUploads().recordPart(open.id(), new dev.pixflow.core.domain.UploadedPart(1, "aa", 300, "1-a.part", NOW), NOW);
        stores.multipartUploads().recordPart(open.id(), new dev.pixflow.core.domain.UploadedPart(2, "bb", 200, "2-b.part", NOW), NOW);
        stores.multipartUploads().recordPart(others.id(), new dev.pixflow.core.domain.UploadedPart(1, "cc", 900, "1-c.part", NOW), NOW);

        assertThat(catchThrowableOfType(QuotaExceededException.class, () -> quota(stores, IMAGE + 500, HOLD_FOR, NOW).check("ana", 1))
                .used()).as("the image and the parts, not another owner's").isEqualTo(IMAGE + 500);

        assertThat(stores.multipartUploads().startCompleting(open.id(), NOW, NOW.plusSeconds(30), NOW.plusSeconds(3600))).isTrue();
        quota(stores, IMAGE, HOLD_FOR, NOW).check("ana", 0);
        stores.multipartUploads().reopen(open.id(), open.expiresAt());
        assertThatThrownBy(() -> quota(stores, IMAGE, HOLD_FOR, NOW).check("ana", 0)).as("open again")
                .isInstanceOf(QuotaExceededException.class);
        // Expired: its parts are the reaper's, and count no more.
        quota(stores, IMAGE, HOLD_FOR, open.expiresAt()).check("ana", 0);
    }

    private static dev.pixflow.core.domain.MultipartUpload upload(String owner) {
        return new dev.pixflow.core.domain.MultipartUpload(dev.pixflow.core.domain.UploadId.of(java.util.UUID.randomUUID()), owner,
                "big.jpg", java.util.Optional.of("image/jpeg"), java.util.OptionalLong.empty(),
                dev.pixflow.core.domain.ImageMetadata.empty(), 8 << 20, dev.pixflow.core.domain.UploadState.OPEN,
                java.util.Optional.empty(), NOW, NOW.plus(Duration.ofHours(24)), java.util.Optional.empty(), java.util.Optional.empty());
    }
}
