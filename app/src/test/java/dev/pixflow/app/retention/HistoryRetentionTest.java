package dev.pixflow.app.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.pixflow.app.PixflowApplication;
import dev.pixflow.app.support.Http;
import dev.pixflow.contract.MovableClock;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.port.EventCursors;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.IngestedRecords;
import dev.pixflow.core.usecase.PruneHistory;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The history sweeper on a running server, with time moved by hand: past the retention, a hook's
 * finished deliveries, the events no reader needs and old ingested-record marks go; an event a stream
 * cursor has not passed, or a pending delivery still names, stays, and so does everything recent. A
 * retention of events under two days stops the server at start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
class HistoryRetentionTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-11-21T12:00:00Z"));
    static HttpServer receiver;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/ok", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        receiver.createContext("/down", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(503, -1);
            x.close();
        });
        receiver.start();
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.import.allow-loopback", () -> "true");
        r.add("pixflow.webhooks.poll", () -> "200ms");
        r.add("pixflow.events.retention", () -> "7d");
        r.add("pixflow.webhooks.delivery-log-retention", () -> "7d");
        r.add("pixflow.ingest.kafka.marks-retention", () -> "P7D");
        r.add("pixflow.retention.sweep-interval", () -> "1h");
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    @TestConfiguration
    static class Time {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @Autowired
    HistorySweeper sweeper;
    @Autowired
    EventLog log;
    @Autowired
    EventCursors cursors;
    @Autowired
    IngestedRecords marks;
    @TempDir
    Path tmp;

    @Test
    void pastTheRetentionTheSweeperPrunesWhatNoReaderNeeds() throws Exception {
        String ok = hook("/ok", "[]");
        String down = hook("/down", "[\"image.stored\"]");
        String old = Http.json(http().uploadRaw(TestImages.jpeg(tmp, 640, 480), "image/jpeg", null)).get("id").asText();
        awaitReady(old);
        List<LoggedEvent> oldEvents = eventsOf(old);
        assertThat(oldEvents).hasSizeGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> states(ok).size() == oldEvents.size() && states(ok).stream().allMatch("delivered"::equals)
                        && !states(down).isEmpty());
        marks.remember("photos/0/1", new ImageId(old), CLOCK.instant());
        long last = oldEvents.getLast().sequence();
        // A stream destination that has read none of them yet.
        assertThat(cursors.claim("stream:test", "test", CLOCK.instant(), CLOCK.instant().plusSeconds(30))).hasValue(0);

        CLOCK.advance(Duration.ofDays(8));
        String recent = Http.json(http().uploadRaw(TestImages.jpeg(tmp, 641, 480), "image/jpeg", null)).get("id").asText();
        awaitReady(recent);
        marks.remember("photos/0/2", new ImageId(recent), CLOCK.instant());

        PruneHistory.Pruned held = sweeper.sweepNow().orElseThrow();
        assertThat(held.deliveries()).as("the /ok hook's finished deliveries").isEqualTo(oldEvents.size());
        assertThat(held.events()).as("the stream has not read them").isZero();
        assertThat(held.marks()).isEqualTo(1);
        assertThat(eventsOf(old)).isEqualTo(oldEvents);
        assertThat(states(down)).as("a pending delivery is never pruned").containsOnly("pending");
        assertThat(marks.find("photos/0/1")).isEmpty();
        assertThat(marks.find("photos/0/2")).contains(new ImageId(recent));

        assertThat(cursors.advance("stream:test", "test", last, CLOCK.instant().plusSeconds(30))).isTrue();
        PruneHistory.Pruned pruned = sweeper.sweepNow().orElseThrow();
        assertThat(pruned.events()).as("all but image.stored, which the /down hook's pending delivery names")
                .isEqualTo(oldEvents.size() - 1);
        assertThat(eventsOf(old)).extracting(e -> e.event().type().wireName()).containsExactly("image.stored");
        assertThat(eventsOf(recent)).as("newer than the retention").isNotEmpty();
        assertThat(sweeper.sweepNow().orElseThrow().total()).as("nothing more is due").isZero();

        String metrics = http().get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("pixflow_history_pruned_total\\{[^}]*table=\"events\"[^}]*} " + (oldEvents.size() - 1) + "\\.0");
        assertThat(metrics).containsPattern("pixflow_history_pruned_total\\{[^}]*table=\"webhook_deliveries\"[^}]*} "
                + oldEvents.size() + "\\.0");
        assertThat(metrics).containsPattern("pixflow_history_pruned_total\\{[^}]*table=\"ingested_records\"[^}]*} 1\\.0");
    }

    @Test
    void aRetentionOfEventsUnderTwoDaysStopsTheServerAtStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(PixflowApplication.class).run(
                "--pixflow.data-dir=" + tmp, "--server.port=0", "--pixflow.events.retention=1d"))
                .hasStackTraceContaining("pixflow.events.retention")
                .hasStackTraceContaining("at least 2 days");
    }

    private String hook(String path, String events) {
        HttpResponse<String> created = http().send(http().request("/v1/admin/webhooks").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort()
                        + path + "\", \"events\": " + events + "}")).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Http.json(created).get("id").asText();
    }

    private List<String> states(String hook) {
        List<String> states = new ArrayList<>();
        for (JsonNode d : Http.json(http().get("/v1/admin/webhooks/" + hook + "/deliveries?limit=100")).get("items")) {
            states.add(d.get("state").asText());
        }
        return states;
    }

    private List<LoggedEvent> eventsOf(String image) {
        return log.after(0, 10_000).stream().filter(e -> e.event().imageId().value().equals(image)).toList();
    }
}
