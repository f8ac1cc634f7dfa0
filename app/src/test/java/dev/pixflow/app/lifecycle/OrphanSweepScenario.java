package dev.pixflow.app.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.contract.MovableClock;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.BlobReferences;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.usecase.SweepOrphans;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a crash leaves behind, made the way a crash would (through the ports, skipping the record): an
 * original whose bytes and reference were written but whose record never was, and renditions of an
 * image that no longer exists. The sweep deletes them once they are older than the grace, and leaves a
 * live image's original and renditions and an upload still within its grace alone. A subclass per
 * storage supplies the context and its movable clock.
 */
abstract class OrphanSweepScenario extends PixflowTestBase {
    /** The clock starts at the wall clock, so bytes written now are not younger than the catalogue's times. */
    static MovableClock startingNow() {
        return new MovableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    static void settings(DynamicPropertyRegistry r) {
        r.add("pixflow.lifecycle.orphan-grace", () -> "24h");
        r.add("pixflow.lifecycle.orphan-sweep-interval", () -> "1h");
        r.add("pixflow.lifecycle.orphan-sweep-page", () -> "2");
    }

    /** The clock the context was given. */
    protected abstract MovableClock clock();

    @Autowired
    OrphanSweeper sweeper;
    @Autowired
    BlobStore blobs;
    @Autowired
    ImageRecords metadata;
    @Autowired
    BlobReferences references;
    @TempDir
    Path tmp;

    /** An upload cut short after writing its bytes: a reference taken at the clock's now, no record. */
    private BlobKey crashedUpload(String content) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes()));
        BlobKey key = BlobKey.content(sha);
        references.retainBlob(key, clock().instant());
        blobs.put(key, Files.writeString(Files.createTempFile(blobs.spoolDirectory(), "crash", ".part"), content));
        return key;
    }

    private void writeRendition(BlobKey key) throws Exception {
        blobs.put(key, Files.writeString(Files.createTempFile(blobs.spoolDirectory(), "render", ".part"), key.value()));
    }

    @Test
    void orphansOlderThanTheGraceAreDeletedAndNothingInUseIs() throws Exception {
        JsonNode live = Http.json(http().uploadRaw(TestImages.jpeg(tmp, 640, 480), "image/jpeg", "title=Live"));
        String liveId = live.get("id").asText();
        awaitReady(liveId);
        BlobKey liveOriginal = metadata.find(new ImageId(liveId)).orElseThrow().originalKey();
        int liveRenditions = blobs.list(BlobKey.renditionPrefix(new ImageId(liveId)), Optional.empty(), 100).size();
        assertThat(liveRenditions).isPositive();

        BlobKey orphan = crashedUpload("bytes of an upload that crashed before its record");
        ImageId removed = ImageId.of(new UUID(0x0190a000_0000_7000L, 0x8000_0000_0000_0001L));
        BlobKey leftRendition = BlobKey.rendition(removed, "thumb", "abc123", ImageFormat.WEBP);
        writeRendition(leftRendition);
        writeRendition(BlobKey.rendition(removed, "large", "def456", ImageFormat.JPEG));

        assertThat(sweeper.sweepNow()).hasValue(new SweepOrphans.Swept(0, 1));
        assertThat(blobs.find(orphan)).as("within the grace, the upload may still be committing").isPresent();
        assertThat(blobs.find(leftRendition)).as("renditions of an image that does not exist").isEmpty();

        clock().advance(Duration.ofHours(25));
        BlobKey fresh = crashedUpload("bytes of an upload in progress right now");

        assertThat(sweeper.sweepNow()).hasValue(new SweepOrphans.Swept(1, 0));
        assertThat(blobs.find(orphan)).isEmpty();
        assertThat(blobs.find(fresh)).isPresent();
        assertThat(blobs.find(liveOriginal)).isPresent();
        assertThat(blobs.list(BlobKey.renditionPrefix(new ImageId(liveId)), Optional.empty(), 100)).hasSize(liveRenditions);
        assertThat(http().bytes(http().request("/i/" + liveId + "/original").build()).statusCode()).isEqualTo(200);
        assertThat(http().bytes(http().request("/i/" + liveId + "/thumb").build()).statusCode()).isEqualTo(200);
        assertThat(http().get("/actuator/prometheus").body())
                .containsPattern("pixflow_lifecycle_orphans_deleted_total\\{[^}]*kind=\"original\"[^}]*} 1\\.0")
                .containsPattern("pixflow_lifecycle_orphans_deleted_total\\{[^}]*kind=\"renditions\"[^}]*} 1\\.0");

        // A grace later, the upload that never committed is an orphan too; the live image still is not.
        clock().advance(Duration.ofHours(25));
        assertThat(sweeper.sweepNow()).hasValue(new SweepOrphans.Swept(1, 0));
        assertThat(blobs.find(fresh)).isEmpty();
        assertThat(blobs.find(liveOriginal)).isPresent();
        assertThat(sweeper.sweepNow()).hasValue(new SweepOrphans.Swept(0, 0));
    }
}
