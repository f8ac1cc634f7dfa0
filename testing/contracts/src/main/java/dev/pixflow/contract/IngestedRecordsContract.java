package dev.pixflow.contract;

import dev.pixflow.core.domain.ImageId;
import dev.pixflow.core.port.IngestedRecords;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link IngestedRecords} promises. A subclass per adapter supplies an empty store. */
public abstract class IngestedRecordsContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** An empty store, new for this test. */
    protected abstract IngestedRecords records();

    private static ImageId image(long n) {
        return ImageId.of(new UUID(0x0190000000007000L | n, 0x8000000000000000L | n));
    }

    @Test
    void aRememberedRecordNamesItsImage() {
        assertThat(records().find("photos/key:a")).isEmpty();
        records().remember("photos/key:a", image(1), T0);
        records().remember("photos/0/17", image(2), T0);

        assertThat(records().find("photos/key:a")).contains(image(1));
        assertThat(records().find("photos/0/17")).contains(image(2));
        assertThat(records().find("photos/0/18")).isEmpty();
    }

    @Test
    void aSecondMarkForTheSameRecordKeepsTheFirstImageAndDoesNotFail() {
        records().remember("photos/key:a", image(1), T0);
        records().remember("photos/key:a", image(2), T0.plusSeconds(1));

        assertThat(records().find("photos/key:a")).contains(image(1));
    }

    @Test
    void marksOlderThanTheCutoffAreForgottenABatchAtATimeAndNewerOnesStay() {
        records().remember("photos/0/1", image(1), T0);
        records().remember("photos/0/2", image(2), T0.plusSeconds(1));
        records().remember("photos/0/3", image(3), T0.plus(Duration.ofDays(10)));
        Instant cutoff = T0.plus(Duration.ofDays(1));

        assertThat(records().prune(cutoff, 1)).isEqualTo(1);
        assertThat(records().prune(cutoff, 10)).isEqualTo(1);
        assertThat(records().prune(cutoff, 10)).isZero();

        assertThat(records().find("photos/0/1")).isEmpty();
        assertThat(records().find("photos/0/2")).isEmpty();
        assertThat(records().find("photos/0/3")).contains(image(3));
    }
}
