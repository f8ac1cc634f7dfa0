package dev.pixflow.core.usecase;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.IncomingObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IngestIncomingTest {
    private static IncomingObject event(String key, String sequencer, String time) {
        return new IncomingObject("originals", key, 10, Instant.parse(time), sequencer, "receipt-" + sequencer, "");
    }

    @Test
    void theSameEventAlwaysNamesTheSameImage() {
        ImageId a = IngestIncoming.idFor(event("incoming/a.jpg", "001", "2026-11-21T12:00:00.123Z"));
        ImageId again = IngestIncoming.idFor(new IncomingObject("originals", "incoming/a.jpg", 10,
                Instant.parse("2026-11-21T12:00:00.123Z"), "001", "another receipt", ""));
        assertThat(again).isEqualTo(a);
        assertThat(IngestIncoming.idFor(event("incoming/a.jpg", "002", "2026-11-21T12:00:00.123Z"))).isNotEqualTo(a);
        assertThat(IngestIncoming.idFor(event("incoming/b.jpg", "001", "2026-11-21T12:00:00.123Z"))).isNotEqualTo(a);
    }

    @Test
    void idsAreUuidV7OrderedByTheEventsTime() {
        ImageId early = IngestIncoming.idFor(event("incoming/z.jpg", "9", "2026-11-21T12:00:00Z"));
        ImageId late = IngestIncoming.idFor(event("incoming/a.jpg", "1", "2026-11-21T12:00:01Z"));
        UUID uuid = UUID.fromString(early.value());
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(Instant.parse("2026-11-21T12:00:00Z").toEpochMilli());
        assertThat(early).isLessThan(late);
    }

    @Test
    void theFileNameIsTheKeysLastSegment() {
        assertThat(IngestIncoming.filename("incoming/Holiday 2026/IMG 0001.JPG")).isEqualTo("IMG 0001.JPG");
    }
}
