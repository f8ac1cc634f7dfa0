package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.testing.FakeImages;
import dev.pixflow.core.testing.InMemoryCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The lifecycle sweeper goes on past an image it cannot remove, and tries that one again next time. */
class ExpireImagesTest {
    @TempDir
    Path dir;

    private InMemoryCore core;

    @BeforeEach
    void start() throws Exception {
        core = new InMemoryCore(dir);
    }

    @AfterEach
    void stop() {
        core.close();
    }

    private ImageRecord upload(int width, Instant expiresAt) throws Exception {
        return core.uploadImage().upload(new UploadRequest(new ByteArrayInputStream(FakeImages.bytes("jpeg", width, 300)),
                Optional.empty(), "a.jpg", ImageMetadata.empty().withVisibility(Visibility.PUBLIC), "ana",
                OptionalLong.empty(), Optional.of(expiresAt), false));
    }

    @Test
    void anImageTheStoreWillNotDeleteHoldsUpNoneOfTheOthers() throws Exception {
        // The one that cannot go expires first, so every batch of the sweep meets it first; more than a
        // batch (InMemoryCore's is 10) expire behind it.
        Instant first = InMemoryCore.START.plus(Duration.ofMinutes(10));
        ImageRecord stuck = upload(400, first);
        List<ImageRecord> others = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            others.add(upload(401 + i, first.plusSeconds(1 + i)));
        }
        core.processAll(core.processJob());
        core.blobs().refuseDeletesUnder(BlobKey.renditionPrefix(stuck.id()));
        core.clock().advance(Duration.ofHours(1));

        assertThat(core.expireImages().sweep()).isEqualTo(12);

        assertThat(others).allSatisfy(image -> assertThat(core.catalogue().find(image.id())).isEmpty());
        assertThat(core.catalogue().find(stuck.id())).as("kept, to be tried again").isPresent();
        assertThat(core.expireImages().sweep()).isZero();

        core.blobs().allowDeletes();
        assertThat(core.expireImages().sweep()).isEqualTo(1);
        assertThat(core.catalogue().find(stuck.id())).isEmpty();
    }
}
