package dev.pixflow.core.usecase;

import dev.pixflow.core.media.ImageId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IngestRecordTest {
    private static final Instant AT = Instant.parse("2026-11-21T12:00:00.123Z");

    @Test
    void theSameRecordAlwaysNamesTheSameImage() {
        ImageId a = IngestRecord.idFor("photos/key:abc", AT);
        assertThat(IngestRecord.idFor("photos/key:abc", AT)).isEqualTo(a);
        assertThat(IngestRecord.idFor("photos/key:abd", AT)).isNotEqualTo(a);
        assertThat(IngestRecord.idFor("photos/0/17", AT)).isNotEqualTo(IngestRecord.idFor("photos/0/18", AT));
    }

    @Test
    void idsAreUuidV7WithTheRecordsTime() {
        UUID uuid = UUID.fromString(IngestRecord.idFor("photos/0/1", AT).value());
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(AT.toEpochMilli());
    }
}
