package dev.pixflow.contract;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadState;
import dev.pixflow.core.domain.UploadedPart;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.port.MultipartUploadStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bookkeeping of multipart uploads: an upload and its parts round-trip, a re-sent part replaces the
 * earlier one, and the state changes (completing, completed, reopened, aborted, expired) happen only
 * from the states they depend on.
 */
public abstract class MultipartUploadStoreContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private MultipartUploadStore store;

    @BeforeEach
    void openStores(CatalogueStores stores) {
        this.store = stores.multipartUploads();
    }

    @Test
    void roundTripsAnUpload() {
        MultipartUpload u = upload(T0.plus(Duration.ofHours(24)));
        store.create(u);
        assertThat(store.find(u.id())).contains(u);
    }

    @Test
    void aResentPartReplacesTheEarlierOneAndNamesIt() {
        MultipartUpload u = upload(T0.plus(Duration.ofHours(1)));
        store.create(u);
        UploadedPart first = new UploadedPart(1, "aa", 10, "1-a.part", T0);
        UploadedPart second = new UploadedPart(1, "bb", 12, "1-b.part", T0);
        assertThat(store.recordPart(u.id(), first, T0).replaced()).isEmpty();
        var again = store.recordPart(u.id(), second, T0);
        assertThat(again.accepted()).isTrue();
        assertThat(again.replaced()).contains(first);
        assertThat(store.parts(u.id())).containsExactly(second);
    }

    /** A part refused once recorded goes only while it is still the one recorded: a resend stays. */
    @Test
    void aPartIsRemovedOnlyWhileItIsStillTheOneRecorded() {
        MultipartUpload u = upload(T0.plus(Duration.ofHours(1)));
        store.create(u);
        UploadedPart first = new UploadedPart(1, "aa", 10, "1-a.part", T0);
        UploadedPart other = new UploadedPart(2, "cc", 10, "2-c.part", T0);
        store.recordPart(u.id(), first, T0);
        store.recordPart(u.id(), other, T0);
        // The same bytes sent again: the same etag, another location.
        UploadedPart resent = new UploadedPart(1, "aa", 10, "1-b.part", T0);
        store.recordPart(u.id(), resent, T0);

        assertThat(store.removePart(u.id(), first)).as("replaced meanwhile").isFalse();
        assertThat(store.parts(u.id())).containsExactly(resent, other);
        assertThat(store.removePart(u.id(), resent)).isTrue();
        assertThat(store.removePart(u.id(), resent)).as("gone already").isFalse();
        assertThat(store.parts(u.id())).containsExactly(other);
    }

    @Test
    void partsAreRefusedOnceExpiredOrCompleting() {
        MultipartUpload u = upload(T0.plus(Duration.ofHours(1)));
        store.create(u);
        UploadedPart p = new UploadedPart(1, "aa", 10, "1-a.part", T0);
        assertThat(store.recordPart(u.id(), p, T0.plus(Duration.ofHours(1))).accepted()).isFalse();
        assertThat(store.startCompleting(u.id(), T0, T0.plusSeconds(30), T0.plus(Duration.ofHours(2)))).isTrue();
        assertThat(store.startCompleting(u.id(), T0, T0.plusSeconds(30), T0.plus(Duration.ofHours(2))))
                .as("only one complete while its lease lasts").isFalse();
        assertThat(store.recordPart(u.id(), p, T0).accepted()).isFalse();
        assertThat(store.deleteIfOpen(u.id())).as("no abort while completing").isFalse();
        assertThat(store.find(u.id()).orElseThrow().expiresAt()).as("held for the complete").isEqualTo(T0.plus(Duration.ofHours(2)));
        store.reopen(u.id(), u.expiresAt());
        assertThat(store.find(u.id()).orElseThrow().state()).isEqualTo(UploadState.OPEN);
        assertThat(store.find(u.id()).orElseThrow().expiresAt()).as("a failed complete keeps it no longer").isEqualTo(u.expiresAt());
        assertThat(store.expired(T0.plus(Duration.ofHours(1)), 10)).as("the reaper's, at its own expiry").contains(u.id());
    }

    @Test
    void aCompletionWhoseLeaseRanOutIsTakenOverAndARenewedOneIsNot() {
        MultipartUpload u = upload(T0.plus(Duration.ofHours(1)));
        store.create(u);
        assertThat(store.startCompleting(u.id(), T0, T0.plusSeconds(30), T0)).isTrue();
        assertThat(store.find(u.id()).orElseThrow().completingUntil()).contains(T0.plusSeconds(30));
        assertThat(store.extendCompleting(u.id(), T0.plusSeconds(60))).as("renewed by its holder").isTrue();
        assertThat(store.startCompleting(u.id(), T0.plusSeconds(45), T0.plusSeconds(75), T0)).as("still held").isFalse();
        assertThat(store.startCompleting(u.id(), T0.plusSeconds(60), T0.plusSeconds(90), T0)).as("ran out: taken over").isTrue();
        assertThat(store.find(u.id()).orElseThrow().completingUntil()).contains(T0.plusSeconds(90));
    }

    @Test
    void releasedCompletionsAreTakenAtOnceAndTheOthersKeepTheirLease() {
        MultipartUpload held = upload(T0.plus(Duration.ofHours(1)));
        MultipartUpload open = upload(T0.plus(Duration.ofHours(1)));
        store.create(held);
        store.create(open);
        store.startCompleting(held.id(), T0, T0.plusSeconds(30), T0);
        store.releaseCompletions();
        assertThat(store.find(open.id()).orElseThrow().state()).isEqualTo(UploadState.OPEN);
        assertThat(store.startCompleting(held.id(), T0.plusSeconds(1), T0.plusSeconds(31), T0))
                .as("a process that is no more held it").isTrue();
    }

    @Test
    void aCompletedUploadCannotBeCompletedAgainAndReopeningEndsTheLease() {
        MultipartUpload u = upload(T0.plus(Duration.ofHours(1)));
        store.create(u);
        store.startCompleting(u.id(), T0, T0.plusSeconds(30), T0);
        store.reopen(u.id(), u.expiresAt());
        assertThat(store.find(u.id()).orElseThrow().completingUntil()).isEmpty();
        store.startCompleting(u.id(), T0, T0.plusSeconds(30), T0);
        store.markCompleted(u.id(), ImageId.of(UUID.randomUUID()));
        assertThat(store.startCompleting(u.id(), T0.plusSeconds(100), T0.plusSeconds(130), T0)).isFalse();
        assertThat(store.extendCompleting(u.id(), T0.plusSeconds(200))).isFalse();
    }

    @Test
    void completedKeepsTheImageAndDropsThePartRows() {
        MultipartUpload u = upload(T0.plus(Duration.ofHours(1)));
        store.create(u);
        store.recordPart(u.id(), new UploadedPart(1, "aa", 10, "1-a.part", T0), T0);
        store.startCompleting(u.id(), T0, T0.plusSeconds(30), T0);
        ImageId image = ImageId.of(UUID.randomUUID());
        store.markCompleted(u.id(), image);
        MultipartUpload done = store.find(u.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(UploadState.COMPLETED);
        assertThat(done.image()).contains(image);
        assertThat(store.parts(u.id())).isEmpty();
    }

    @Test
    void expiredComeInBoundedBatchesOldestFirst() {
        MultipartUpload a = upload(T0.plusSeconds(1));
        MultipartUpload b = upload(T0.plusSeconds(2));
        MultipartUpload c = upload(T0.plusSeconds(3));
        MultipartUpload live = upload(T0.plusSeconds(100));
        List.of(c, live, a, b).forEach(store::create);
        Instant now = T0.plusSeconds(10);
        assertThat(store.expired(now, 2)).containsExactly(a.id(), b.id());
        assertThat(store.deleteExpired(a.id(), now)).isTrue();
        assertThat(store.deleteExpired(live.id(), now)).as("not expired").isFalse();
        assertThat(store.expired(now, 10)).containsExactly(b.id(), c.id());
    }

    private static MultipartUpload upload(Instant expiresAt) {
        return new MultipartUpload(UploadId.of(UUID.randomUUID()), "anonymous", "big.jpg", Optional.of("image/jpeg"),
                OptionalLong.of(123), new ImageMetadata("Title", null, List.of("sea", "boats"), Visibility.PRIVATE, "Boats at dawn"), 8 << 20,
                UploadState.OPEN, Optional.empty(), T0, expiresAt, Optional.of("store-" + UUID.randomUUID()), Optional.empty());
    }
}
