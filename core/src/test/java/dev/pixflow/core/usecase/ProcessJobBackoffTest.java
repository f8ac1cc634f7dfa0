package dev.pixflow.core.usecase;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessJobBackoffTest {
    @Test
    void doublesFromTwoSecondsUpToFiveMinutes() {
        assertThat(ProcessJob.backoff(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ProcessJob.backoff(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(ProcessJob.backoff(5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(ProcessJob.backoff(30)).isEqualTo(Duration.ofMinutes(5));
    }
}
