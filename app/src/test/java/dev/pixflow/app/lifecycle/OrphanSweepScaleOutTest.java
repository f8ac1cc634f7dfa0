package dev.pixflow.app.lifecycle;

import dev.pixflow.contract.MovableClock;
import dev.pixflow.app.support.ScaleOutServers;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The orphan sweep on the scale-out engines: originals and renditions on a real S3-compatible server
 * (listed with ListObjectsV2 a page of two keys at a time), the catalogue in PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
@DirtiesContext
class OrphanSweepScaleOutTest extends OrphanSweepScenario {
    static final Path DATA = newDataDir();
    static final MovableClock CLOCK = startingNow();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        ScaleOutServers.all("orphans").forEach((k, v) -> r.add(k, () -> v));
        settings(r);
    }

    @TestConfiguration
    static class Time {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @Override
    protected MovableClock clock() {
        return CLOCK;
    }
}
