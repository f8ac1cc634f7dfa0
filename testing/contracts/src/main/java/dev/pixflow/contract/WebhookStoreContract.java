package dev.pixflow.contract;

import dev.pixflow.core.domain.DeliveryState;
import dev.pixflow.core.domain.DueDelivery;
import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.ImageEvent;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.LoggedEvent;
import dev.pixflow.core.domain.Webhook;
import dev.pixflow.core.domain.WebhookDelivery;
import dev.pixflow.core.domain.WebhookSecret;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.WebhookStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link WebhookStore} keeps: hooks, the fan-out position moved once by whichever process
 * gets there first, deliveries claimed under a lease (one holder at a time, taken again when the lease
 * runs out), their outcomes in a per-hook log; and, with dispatchers in several processes claiming at
 * once, each delivery goes to one of them.
 */
public abstract class WebhookStoreContract {
    private CatalogueStores stores;

    @BeforeEach
    void openStores(CatalogueStores stores) {
        this.stores = stores;
    }

    protected static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);
    private int hooks;

    private Webhook hook(Set<EventType> types) {
        hooks++;
        Webhook h = new Webhook("wh_" + hooks, URI.create("https://receiver.example/hook/" + hooks), WebhookSecret.generate(),
                types, Optional.of("hook " + hooks), T0);
        stores.webhooks().create(h);
        return h;
    }

    private List<LoggedEvent> append(int n) {
        long before = stores.events().after(0, 100_000).stream().mapToLong(LoggedEvent::sequence).max().orElse(0);
        for (int i = 0; i < n; i++) {
            stores.events().append(ImageEvent.jobDead(new ImageId("0190a000-0000-7000-8000-%012d".formatted(before + i + 1)),
                    "ana", Optional.empty(), "boom", T0.plusSeconds(i)));
        }
        return stores.events().after(before, n);
    }

    /** A claim with no hook's share in the way. */
    private static List<DueDelivery> claim(WebhookStore store, Instant now, int limit) {
        return store.claim(now, LEASE, limit, limit, Map.of());
    }

    private void fanOutAll(Webhook hook, List<LoggedEvent> logged) {
        long from = stores.webhooks().fannedOut();
        List<WebhookStore.Fanned> rows = logged.stream().map(e -> new WebhookStore.Fanned(hook.id(), e.sequence())).toList();
        assertThat(stores.webhooks().fanOut(from, logged.getLast().sequence(), rows, T0)).isTrue();
    }

    @Test
    void hooksAreKeptWithTheirSecretsAndDeleted() {
        Webhook all = hook(Set.of());
        Webhook some = hook(Set.of(EventType.IMAGE_STORED, EventType.JOB_DEAD));

        assertThat(stores.webhooks().hooks()).containsExactly(all, some);
        assertThat(stores.webhooks().find(some.id())).contains(some);
        assertThat(stores.webhooks().find(some.id()).orElseThrow().secret().value()).isEqualTo(some.secret().value());
        assertThat(stores.webhooks().delete(all.id())).isTrue();
        assertThat(stores.webhooks().delete(all.id())).isFalse();
        assertThat(stores.webhooks().find(all.id())).isEmpty();
        assertThat(stores.webhooks().hooks()).containsExactly(some);
    }

    @Test
    void theFanOutPositionMovesOnceForTheSameEvents() {
        Webhook h = hook(Set.of());
        List<LoggedEvent> logged = append(3);
        assertThat(stores.webhooks().fannedOut()).isZero();
        List<WebhookStore.Fanned> rows = logged.stream().map(e -> new WebhookStore.Fanned(h.id(), e.sequence())).toList();
        long to = logged.getLast().sequence();

        assertThat(stores.otherProcess().webhooks().fanOut(0, to, rows, T0)).isTrue();
        assertThat(stores.webhooks().fanOut(0, to, rows, T0)).as("another process got there first").isFalse();

        assertThat(stores.webhooks().fannedOut()).isEqualTo(to);
        assertThat(stores.webhooks().deliveries(h.id(), 10)).hasSize(3);
    }

    @Test
    void aClaimLeasesCountsTheAttemptAndIsTakenAgainWhenTheLeaseRunsOut() {
        Webhook h = hook(Set.of());
        List<LoggedEvent> logged = append(1);
        fanOutAll(h, logged);

        List<DueDelivery> first = claim(stores.webhooks(), T0, 10);
        assertThat(first).hasSize(1);
        DueDelivery d = first.getFirst();
        assertThat(d.hook()).isEqualTo(h);
        assertThat(d.event()).isEqualTo(logged.getFirst());
        assertThat(d.attempt()).isEqualTo(1);
        assertThat(claim(stores.webhooks(), T0.plusSeconds(1), 10)).as("leased").isEmpty();

        List<DueDelivery> again = claim(stores.webhooks(), T0.plus(LEASE).plusMillis(1), 10);
        assertThat(again).extracting(DueDelivery::attempt).containsExactly(2);
        assertThat(stores.webhooks().delivered(d, 200, T0)).as("the first lease is lost").isFalse();
        assertThat(stores.webhooks().delivered(again.getFirst(), 204, T0.plusSeconds(40))).isTrue();

        WebhookDelivery log = stores.webhooks().deliveries(h.id(), 10).getFirst();
        assertThat(log.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(log.attempts()).isEqualTo(2);
        assertThat(log.lastStatus()).hasValue(204);
        assertThat(log.deliveredAt()).contains(T0.plusSeconds(40));
        assertThat(log.nextAttemptAt()).isEmpty();
        assertThat(log.eventId()).isEqualTo(logged.getFirst().event().id());
        assertThat(log.eventType()).isEqualTo(EventType.JOB_DEAD);
        assertThat(claim(stores.webhooks(), T0.plus(Duration.ofDays(1)), 10)).as("delivered is final").isEmpty();
    }

    @Test
    void aRetryIsDueLaterAndAFailureIsFinalWithItsReason() {
        Webhook h = hook(Set.of());
        fanOutAll(h, append(1));

        DueDelivery first = claim(stores.webhooks(), T0, 10).getFirst();
        Instant next = T0.plusSeconds(10);
        assertThat(stores.webhooks().retry(first, OptionalInt.of(500), "HTTP 500", next)).isTrue();
        WebhookDelivery waiting = stores.webhooks().deliveries(h.id(), 10).getFirst();
        assertThat(waiting.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(waiting.nextAttemptAt()).contains(next);
        assertThat(waiting.lastStatus()).hasValue(500);
        assertThat(waiting.lastError()).contains("HTTP 500");
        assertThat(claim(stores.webhooks(), next.minusMillis(1), 10)).as("not yet due").isEmpty();

        DueDelivery second = claim(stores.webhooks(), next, 10).getFirst();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(stores.webhooks().failed(second, OptionalInt.empty(), "ConnectException: refused", next)).isTrue();
        WebhookDelivery failed = stores.webhooks().deliveries(h.id(), 10).getFirst();
        assertThat(failed.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(failed.lastStatus()).isEmpty();
        assertThat(failed.lastError()).contains("ConnectException: refused");
        assertThat(claim(stores.webhooks(), T0.plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    void theLogIsPerHookNewestFirstAndGoesWithItsHook() {
        Webhook a = hook(Set.of());
        Webhook b = hook(Set.of());
        List<LoggedEvent> logged = append(3);
        List<WebhookStore.Fanned> rows = new ArrayList<>();
        logged.forEach(e -> rows.add(new WebhookStore.Fanned(a.id(), e.sequence())));
        rows.add(new WebhookStore.Fanned(b.id(), logged.getFirst().sequence()));
        assertThat(stores.webhooks().fanOut(0, logged.getLast().sequence(), rows, T0)).isTrue();

        assertThat(stores.webhooks().deliveries(a.id(), 10)).extracting(WebhookDelivery::eventSequence)
                .containsExactly(logged.get(2).sequence(), logged.get(1).sequence(), logged.get(0).sequence());
        assertThat(stores.webhooks().deliveries(a.id(), 2)).hasSize(2);
        assertThat(stores.webhooks().deliveries(b.id(), 10)).hasSize(1);

        assertThat(stores.webhooks().delete(a.id())).isTrue();
        assertThat(stores.webhooks().deliveries(a.id(), 10)).isEmpty();
        assertThat(claim(stores.webhooks(), T0, 10)).extracting(d -> d.hook().id()).containsExactly(b.id());
    }

    /**
     * Finished deliveries older than the cutoff go; pending ones and newer ones stay. An event stays while
     * a delivery names it (the pending one still sends it), and can go once its deliveries have gone.
     */
    @Test
    void pruningTakesOldFinishedDeliveriesAndKeepsPendingOnesWithTheirEvents() {
        Webhook h = hook(Set.of());
        List<LoggedEvent> logged = append(3);
        fanOutAll(h, logged);
        List<DueDelivery> claimed = claim(stores.webhooks(), T0, 10);
        assertThat(claimed).hasSize(3);
        assertThat(stores.webhooks().delivered(claimed.get(0), 200, T0)).isTrue();
        assertThat(stores.webhooks().failed(claimed.get(1), OptionalInt.of(410), "HTTP 410", T0)).isTrue();
        assertThat(stores.webhooks().retry(claimed.get(2), OptionalInt.of(503), "HTTP 503", T0.plusSeconds(10))).isTrue();
        Instant later = T0.plus(Duration.ofDays(31));

        assertThat(stores.events().prune(later, Long.MAX_VALUE, 10)).as("every event is named by a delivery").isZero();
        assertThat(stores.webhooks().pruneDeliveries(T0, 10)).as("made at the cutoff, not before it").isZero();
        assertThat(stores.webhooks().pruneDeliveries(later, 1)).as("a batch at most").isEqualTo(1);
        assertThat(stores.webhooks().pruneDeliveries(later, 10)).isEqualTo(1);
        assertThat(stores.webhooks().pruneDeliveries(later, 10)).as("the pending one stays").isZero();
        assertThat(stores.webhooks().deliveries(h.id(), 10)).extracting(WebhookDelivery::state).containsExactly(DeliveryState.PENDING);

        assertThat(stores.events().prune(later, Long.MAX_VALUE, 10)).as("the finished deliveries' events").isEqualTo(2);
        assertThat(stores.events().after(0, 10)).containsExactly(logged.get(2));
        DueDelivery again = claim(stores.webhooks(), T0.plusSeconds(10), 10).getFirst();
        assertThat(again.event()).as("the pending delivery still sends its event").isEqualTo(logged.get(2));
    }

    /**
     * Dispatchers in two processes, two threads each, claim small batches at once until nothing is due:
     * every delivery is claimed, and by one of them only.
     */
    @Test
    void dispatchersClaimingAtOnceEachTakeDifferentDeliveries() throws Exception {
        Webhook h = hook(Set.of());
        fanOutAll(h, append(80));
        List<WebhookStore> processes = List.of(stores.webhooks(), stores.otherProcess().webhooks(), stores.webhooks(), stores.otherProcess().webhooks());
        ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(processes.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (WebhookStore process : processes) {
                running.add(pool.submit(() -> {
                    List<DueDelivery> batch;
                    while (!(batch = claim(process, T0, 3)).isEmpty()) {
                        for (DueDelivery d : batch) {
                            claimed.add(d.id());
                            assertThat(process.delivered(d, 200, T0)).isTrue();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(claimed).hasSize(80).doesNotHaveDuplicates();
        assertThat(stores.webhooks().deliveries(h.id(), 100)).extracting(WebhookDelivery::state).containsOnly(DeliveryState.DELIVERED);
        assertThat(stores.webhooks().deliveries(h.id(), 100)).extracting(WebhookDelivery::attempts).containsOnly(1);
    }

    /**
     * A hook's share: no more of its deliveries than its share less those in flight, the rest of the
     * claim going to other hooks, though its deliveries came due first; those left stay due.
     */
    @Test
    void aClaimTakesNoMoreOfAHookThanItsShareLessThoseInFlight() {
        Webhook slow = hook(Set.of());
        Webhook fast = hook(Set.of());
        List<LoggedEvent> logged = append(8);
        List<WebhookStore.Fanned> rows = new ArrayList<>();
        logged.subList(0, 6).forEach(e -> rows.add(new WebhookStore.Fanned(slow.id(), e.sequence())));
        logged.subList(6, 8).forEach(e -> rows.add(new WebhookStore.Fanned(fast.id(), e.sequence())));
        assertThat(stores.webhooks().fanOut(0, logged.getLast().sequence(), rows, T0)).isTrue();

        List<DueDelivery> first = stores.webhooks().claim(T0, LEASE, 10, 3, Map.of(slow.id(), 1));
        assertThat(first).extracting(d -> d.hook().id()).containsExactlyInAnyOrder(slow.id(), slow.id(), fast.id(), fast.id());

        assertThat(stores.webhooks().claim(T0, LEASE, 10, 3, Map.of(slow.id(), 3))).as("its share is in flight").isEmpty();
        List<DueDelivery> rest = stores.webhooks().claim(T0, LEASE, 10, 3, Map.of());
        assertThat(rest).extracting(d -> d.hook().id()).containsOnly(slow.id()).hasSize(3);
        assertThat(rest).extracting(DueDelivery::attempt).containsOnly(1);
    }
}
