package dev.pixflow.app.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The name a record is remembered by, which decides whether it was ingested before. */
class RecordNameTest {

    private static ConsumerRecord<byte[], byte[]> record(String key, long offset, long timestamp) {
        byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>("photos", 0, offset, timestamp, TimestampType.CREATE_TIME, k == null ? -1 : k.length, 3,
                k, new byte[]{1, 2, 3}, new RecordHeaders(), Optional.empty());
    }

    @Test
    void aRecordReadAgainHasItsName() {
        assertThat(IngestListener.name(record(null, 41, 1_700_000_000_000L)))
                .isEqualTo(IngestListener.name(record(null, 41, 1_700_000_000_000L)));
    }

    /** A topic deleted and made again starts its offsets anew: its records are not the ones that held those places before. */
    @Test
    void aRecordWithoutAKeyInTheSamePlaceOfARecreatedTopicIsAnotherRecord() {
        assertThat(IngestListener.name(record(null, 41, 1_700_000_000_000L)))
                .isNotEqualTo(IngestListener.name(record(null, 41, 1_800_000_000_000L)));
    }

    /** A producer re-sending a record with its key, later, sends the same record. */
    @Test
    void aKeyedRecordIsItsKeyWhereverAndWheneverItComes() {
        assertThat(IngestListener.name(record("cam7-0001", 41, 1_700_000_000_000L)))
                .isEqualTo(IngestListener.name(record("cam7-0001", 977, 1_800_000_000_000L)));
    }
}
