package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.BlobReferences;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.pixflow.adapter.dynamodb.Attrs.*;

/**
 * The reference counts of the originals, an item per original. Where the SQL stores hold the count's row
 * locked while the bytes are deleted, this item carries a hold instead: whoever takes the last
 * reference (or drops an orphan) first marks the item {@code deleting} by a conditional write, deletes the
 * bytes, then deletes the item. A reference taken meanwhile waits for the hold to end (the item gone: a
 * new count starts, and the upload writes its bytes again), as it would wait for the row lock. A hold
 * whose process died is taken over once its lease has run out.
 *
 * <p>A removal releases its image's reference idempotently: the image's id goes into the count's
 * {@code releasedBy} set with the decrement, so a removal resumed after a crash never releases twice.
 */
public final class DynamoBlobReferences implements BlobReferences {
    static final String REF = "REF";
    /** How long a hold on a count lasts without its holder: longer than deleting one object takes. */
    static final Duration HOLD = Duration.ofSeconds(60);

    private final Table table;

    DynamoBlobReferences(Table table) {
        this.table = table;
    }

    @Override
    public void retainBlob(BlobKey key, Instant at) {
        Backoff wait = new Backoff(HOLD.plusSeconds(10));
        String pk = Keys.blob(key);
        while (true) {
            Expr e = new Expr();
            String when = e.value(millis(at));
            if (table.update(pk, REF, e, "ADD " + e.name("refs") + " " + e.value(n(1)) + " SET " + e.name("retained") + " = " + when,
                    notHeld(e) + " AND (attribute_not_exists(" + e.name("retained") + ") OR " + e.name("retained") + " <= " + when + ")")) {
                return;
            }
            Expr older = new Expr();
            if (table.update(pk, REF, older, "ADD " + older.name("refs") + " " + older.value(n(1)),
                    notHeld(older) + " AND " + older.name("retained") + " > " + older.value(millis(at)))) {
                return;
            }
            // A hold whose holder died: its deletion may or may not have happened, so a new count starts.
            Expr over = new Expr();
            if (table.update(pk, REF, over, "SET " + over.name("refs") + " = " + over.value(n(1)) + ", " + over.name("retained")
                    + " = " + over.value(millis(at)) + " REMOVE " + over.name("deleting") + ", " + over.name("deletingUntil")
                    + ", " + over.name("releasedBy"), heldAndExpired(over))) {
                return;
            }
            if (!wait.pause()) {
                throw new IllegalStateException("the count of " + key + " stayed held by a deletion");
            }
        }
    }

    @Override
    public void releaseBlob(BlobKey key, LastReference onLast) {
        Backoff wait = new Backoff(HOLD.plusSeconds(10));
        while (true) {
            Expr e = new Expr();
            Optional<Map<String, AttributeValue>> left = table.updated(Keys.blob(key), REF, e,
                    "ADD " + e.name("refs") + " " + e.value(n(-1)), notHeldOrExpired(e), ReturnValue.UPDATED_NEW);
            if (left.isPresent()) {
                if (num(left.get(), "refs") <= 0) {
                    deleteAtZero(key, null, onLast);
                }
                return;
            }
            if (!wait.pause()) {
                throw new IllegalStateException("the count of " + key + " stayed held by a deletion");
            }
        }
    }

    /**
     * Gives back the reference an image held (its removal), once however often this is called for the
     * image: the references left.
     */
    long releaseHeldBy(BlobKey key, ImageId image) {
        Backoff wait = new Backoff(HOLD.plusSeconds(10));
        while (true) {
            Expr e = new Expr();
            String id = e.value(s(image.value()));
            Optional<Map<String, AttributeValue>> left = table.updated(Keys.blob(key), REF, e,
                    "ADD " + e.name("refs") + " " + e.value(n(-1)) + ", " + e.name("releasedBy") + " "
                            + e.value(AttributeValue.fromSs(List.of(image.value()))),
                    notHeldOrExpired(e) + " AND NOT contains(" + e.name("releasedBy") + ", " + id + ")", ReturnValue.ALL_NEW);
            if (left.isPresent()) {
                return num(left.get(), "refs");
            }
            Optional<Map<String, AttributeValue>> item = table.get(Keys.blob(key), REF);
            if (item.isPresent() && releasedBy(item.get()).contains(image.value())) {
                return num(item.get(), "refs");
            }
            if (!wait.pause()) {
                throw new IllegalStateException("the count of " + key + " stayed held by a deletion");
            }
        }
    }

    /** The references left, empty when the count is gone (its bytes deleted, or never counted). */
    Optional<Long> left(BlobKey key) {
        return table.get(Keys.blob(key), REF).map(item -> num(item, "refs"));
    }

    /** The image's id out of the count's {@code releasedBy}, once its removal is finished. */
    void forget(BlobKey key, ImageId image) {
        Expr e = new Expr();
        table.update(Keys.blob(key), REF, e, "DELETE " + e.name("releasedBy") + " "
                + e.value(AttributeValue.fromSs(List.of(image.value()))), "attribute_exists(" + e.name(CatalogueTable.PK) + ")");
    }

    /**
     * Undoes an image's release (its removal died after it): the count goes back up, unless it is already
     * held for a deletion. Whether it did.
     */
    boolean unrelease(BlobKey key, ImageId image) {
        Expr e = new Expr();
        return table.update(Keys.blob(key), REF, e, "ADD " + e.name("refs") + " " + e.value(n(1)) + " DELETE "
                        + e.name("releasedBy") + " " + e.value(AttributeValue.fromSs(List.of(image.value()))),
                "contains(" + e.name("releasedBy") + ", " + e.value(s(image.value())) + ") AND " + notHeld(e));
    }

    /**
     * With no reference left, holds the count, deletes the bytes ({@code onLast}) and then the count. A
     * reference taken before the hold keeps the bytes; one taken during it waits. If {@code onLast} fails,
     * the released reference comes back (and {@code image}'s release with it) and the failure is thrown.
     */
    boolean deleteAtZero(BlobKey key, ImageId image, LastReference onLast) {
        String token = UUID.randomUUID().toString();
        Expr e = new Expr();
        if (!table.update(Keys.blob(key), REF, e, hold(e, token), e.name("refs") + " <= " + e.value(n(0)) + " AND "
                + notHeldOrExpired(e))) {
            return false;
        }
        try {
            onLast.released(key);
        } catch (IOException | RuntimeException failed) {
            Expr undo = new Expr();
            StringBuilder update = new StringBuilder("ADD ").append(undo.name("refs")).append(" ").append(undo.value(n(1)));
            if (image != null) {
                update.append(" DELETE ").append(undo.name("releasedBy")).append(" ")
                        .append(undo.value(AttributeValue.fromSs(List.of(image.value()))));
            }
            update.append(" REMOVE ").append(undo.name("deleting")).append(", ").append(undo.name("deletingUntil"));
            table.update(Keys.blob(key), REF, undo, update.toString(), heldBy(undo, token));
            throw failed instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) failed;
        }
        Expr done = new Expr();
        table.delete(Keys.blob(key), REF, done, heldBy(done, token));
        return true;
    }

    /** Held by a record (the index of originals), or referenced at or after {@code retainedSince}. */
    @Override
    public Set<BlobKey> blobsInUse(Collection<BlobKey> keys, Instant retainedSince) {
        List<BlobKey> distinct = keys.stream().distinct().toList();
        Set<BlobKey> inUse = new HashSet<>();
        for (Map<String, AttributeValue> item : table.getAll(distinct.stream().map(k -> Table.key(Keys.blob(k), REF)).toList())) {
            if (optNum(item, "retained").orElse(Long.MIN_VALUE) >= retainedSince.toEpochMilli()) {
                inUse.add(new BlobKey(str(item, CatalogueTable.PK).substring("BLOB#".length())));
            }
        }
        for (BlobKey key : distinct) {
            if (!inUse.contains(key) && held(key)) {
                inUse.add(key);
            }
        }
        return inUse;
    }

    /**
     * The hold is taken first (made to exist if there was no count), so an upload's {@link #retainBlob} of
     * the same key waits whether or not a count was there; then the index of originals is asked whether a
     * record holds the key. The index answers eventually, which the grace covers: a record made within it
     * holds a reference taken within it.
     */
    @Override
    public boolean dropUnusedBlob(BlobKey key, Instant retainedBefore, LastReference onLast) {
        String token = UUID.randomUUID().toString();
        Expr e = new Expr();
        Optional<Map<String, AttributeValue>> before = table.updated(Keys.blob(key), REF, e, hold(e, token),
                notHeldOrExpired(e) + " AND (attribute_not_exists(" + e.name("retained") + ") OR " + e.name("retained")
                        + " < " + e.value(millis(retainedBefore)) + ")", ReturnValue.ALL_OLD);
        if (before.isEmpty()) {
            return false;
        }
        boolean counted = !before.get().isEmpty();
        if (held(key)) {
            letGo(key, token, counted);
            return false;
        }
        try {
            onLast.released(key);
        } catch (IOException | RuntimeException failed) {
            letGo(key, token, counted);
            throw failed instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) failed;
        }
        Expr done = new Expr();
        table.delete(Keys.blob(key), REF, done, heldBy(done, token));
        return true;
    }

    private void letGo(BlobKey key, String token, boolean counted) {
        Expr e = new Expr();
        if (counted) {
            table.update(Keys.blob(key), REF, e, "REMOVE " + e.name("deleting") + ", " + e.name("deletingUntil"), heldBy(e, token));
        } else {
            table.delete(Keys.blob(key), REF, e, heldBy(e, token));
        }
    }

    private boolean held(BlobKey key) {
        return table.range(CatalogueTable.BLOB, Keys.heldBlob(key), null, null, true, 1).findFirst().isPresent();
    }

    private String hold(Expr e, String token) {
        return "SET " + e.name("deleting") + " = " + e.value(s(token)) + ", " + e.name("deletingUntil") + " = "
                + e.value(n(table.now() + HOLD.toMillis()));
    }

    private static String heldBy(Expr e, String token) {
        return e.name("deleting") + " = " + e.value(s(token));
    }

    private static String notHeld(Expr e) {
        return "attribute_not_exists(" + e.name("deleting") + ")";
    }

    private String notHeldOrExpired(Expr e) {
        return "(" + notHeld(e) + " OR " + e.name("deletingUntil") + " < " + e.value(n(table.now())) + ")";
    }

    private String heldAndExpired(Expr e) {
        return "attribute_exists(" + e.name("deleting") + ") AND " + e.name("deletingUntil") + " < " + e.value(n(table.now()));
    }

    private static Set<String> releasedBy(Map<String, AttributeValue> item) {
        return get(item, "releasedBy").filter(AttributeValue::hasSs).map(v -> Set.copyOf(v.ss())).orElse(Set.of());
    }
}
