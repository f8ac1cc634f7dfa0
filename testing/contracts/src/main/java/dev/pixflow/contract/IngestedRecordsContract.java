package dev.pixflow.contract;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.IngestedRecords;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link IngestedRecords} promises. A subclass per adapter supplies an empty store. */
public abstract class IngestedRecordsContract {
    private CatalogueStores stores;

    @BeforeEach
    void openStores(CatalogueStores stores) {
        this.stores = stores;
    }

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static ImageId image(long n) {
        return ImageId.of(new UUID(0x0190000000007000L | n, 0x8000000000000000L | n));
    }

    @Test
    void aRememberedRecordNamesItsImage() {
        assertThat(stores.ingestedRecords().find("photos/key:a")).isEmpty();
        stores.ingestedRecords().remember("photos/key:a", image(1), T0);
        stores.ingestedRecords().remember("photos/0/17", image(2), T0);

        assertThat(stores.ingestedRecords().find("photos/key:a")).contains(image(1));
        assertThat(stores.ingestedRecords().find("photos/0/17")).contains(image(2));
        assertThat(stores.ingestedRecords().find("photos/0/18")).isEmpty();
    }

    @Test
    void aSecondMarkForTheSameRecordKeepsTheFirstImageAndDoesNotFail() {
        stores.ingestedRecords().remember("photos/key:a", image(1), T0);
        stores.ingestedRecords().remember("photos/key:a", image(2), T0.plusSeconds(1));

        assertThat(stores.ingestedRecords().find("photos/key:a")).contains(image(1));
    }

    @Test
    void marksOlderThanTheCutoffAreForgottenABatchAtATimeAndNewerOnesStay() {
        stores.ingestedRecords().remember("photos/0/1", image(1), T0);
        stores.ingestedRecords().remember("photos/0/2", image(2), T0.plusSeconds(1));
        stores.ingestedRecords().remember("photos/0/3", image(3), T0.plus(Duration.ofDays(10)));
        Instant cutoff = T0.plus(Duration.ofDays(1));

        assertThat(stores.ingestedRecords().prune(cutoff, 1)).isEqualTo(1);
        assertThat(stores.ingestedRecords().prune(cutoff, 10)).isEqualTo(1);
        assertThat(stores.ingestedRecords().prune(cutoff, 10)).isZero();

        assertThat(stores.ingestedRecords().find("photos/0/1")).isEmpty();
        assertThat(stores.ingestedRecords().find("photos/0/2")).isEmpty();
        assertThat(stores.ingestedRecords().find("photos/0/3")).contains(image(3));
    }
}
