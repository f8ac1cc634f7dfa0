package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.Outbox;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static dev.pixflow.adapter.dynamodb.Attrs.*;

/**
 * The jobs waiting in image items, found through the work index (oldest first). A relay claims an
 * item by a conditional write (a token and a lease) before it sends the item's jobs, and takes them out
 * after the queue took them: relays in several processes never send one job twice, and a relay dying
 * between sending and taking out leaves the jobs to be sent again once its lease ran out. An item met
 * with events its writer left pending for longer than {@link #STALE} has them appended here.
 */
public final class DynamoOutbox implements Outbox {
    private static final Duration LEASE = Duration.ofSeconds(60);
    /** Events pending this long were left by a writer that died: its own append comes within milliseconds. */
    private static final Duration STALE = Duration.ofSeconds(30);

    private final Table table;
    private final PendingWork work;

    DynamoOutbox(Table table, PendingWork work) {
        this.table = table;
        this.work = work;
    }

    private record Claimed(ImageId id, String token, List<String> jobKeys, Map<String, AttributeValue> item) {
    }

    @Override
    public int drain(int max, Consumer<List<JobSpec>> send) {
        List<Claimed> claimed = new ArrayList<>();
        List<JobSpec> jobs = new ArrayList<>();
        var candidates = table.range(CatalogueTable.WORK, PendingWork.WORK_INDEX, null, null, true, Math.max(max, 10)).iterator();
        while (jobs.size() < max && candidates.hasNext()) {
            String pk = str(candidates.next(), CatalogueTable.PK);
            ImageId id = new ImageId(pk.substring("IMG#".length()));
            String token = UUID.randomUUID().toString();
            Expr e = new Expr();
            var item = table.updated(pk, Keys.IMAGE, e, "SET " + e.name("claim") + " = " + e.value(s(token)) + ", "
                            + e.name("claimUntil") + " = " + e.value(n(table.now() + LEASE.toMillis())),
                    "attribute_exists(" + e.name(CatalogueTable.WORK.pk) + ") AND (attribute_not_exists(" + e.name("claim")
                            + ") OR " + e.name("claimUntil") + " < " + e.value(n(table.now())) + ")", ReturnValue.ALL_NEW);
            if (item.isEmpty()) {
                continue;
            }
            List<Map.Entry<String, AttributeValue>> waiting = submap(item.get(), ImageItems.JOBS).entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, AttributeValue> j) -> num(j.getValue().m(), "at"))
                            .thenComparing(Map.Entry::getKey))
                    .limit(max - jobs.size()).toList();
            waiting.forEach(j -> jobs.add(ImageItems.job(id, j.getValue().m())));
            claimed.add(new Claimed(id, token, waiting.stream().map(Map.Entry::getKey).toList(), item.get()));
        }
        try {
            if (!jobs.isEmpty()) {
                send.accept(List.copyOf(jobs));
            }
        } catch (RuntimeException failed) {
            claimed.forEach(c -> letGo(c, List.of()));
            throw failed;
        }
        for (Claimed c : claimed) {
            if (!submap(c.item(), ImageItems.EVENTS).isEmpty() && stale(c.item())) {
                work.finish(c.id(), c.item(), true);
            }
            letGo(c, c.jobKeys());
            work.leaveIfDone(c.id());
        }
        return jobs.size();
    }

    private boolean stale(Map<String, AttributeValue> item) {
        long cutoff = table.now() - STALE.toMillis();
        return submap(item, ImageItems.EVENTS).values().stream().anyMatch(v -> num(v.m(), "pending") < cutoff);
    }

    /** Takes the sent jobs out and the claim off (if it is still this relay's). */
    private void letGo(Claimed c, List<String> sent) {
        Expr e = new Expr();
        List<String> removed = new ArrayList<>(List.of(e.name("claim"), e.name("claimUntil")));
        sent.forEach(k -> removed.add(e.path(ImageItems.JOBS, k)));
        table.update(Keys.image(c.id()), Keys.IMAGE, e, "REMOVE " + String.join(", ", removed),
                e.name("claim") + " = " + e.value(s(c.token())));
    }

    @Override
    public void onWaiting(Runnable listener) {
        table.signals.onJobs(listener);
    }
}
