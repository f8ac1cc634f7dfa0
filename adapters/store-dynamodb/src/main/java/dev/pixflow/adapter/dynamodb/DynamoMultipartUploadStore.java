package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadState;
import dev.pixflow.core.domain.UploadedPart;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.MultipartUploadStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static dev.pixflow.adapter.dynamodb.Attrs.*;

/**
 * Multipart uploads: the upload's item and its parts' items in one partition; the upload by expiry in
 * the due-time index. Every state change is one update whose condition carries the state and expiry it
 * depends on, as the SQL store's WHERE clauses do.
 */
public final class DynamoMultipartUploadStore implements MultipartUploadStore {
    private static final String UPLOAD = "UPLOAD";
    private static final String UPLOADS = "UPLOADS";

    private final Table table;

    DynamoMultipartUploadStore(Table table) {
        this.table = table;
    }

    @Override
    public void create(MultipartUpload u) {
        Map<String, AttributeValue> item = new HashMap<>(Table.key(Keys.upload(u.id().value()), UPLOAD));
        item.put("id", s(u.id().value()));
        item.put("owner", s(u.owner()));
        item.put("filename", s(u.filename()));
        u.contentType().ifPresent(v -> item.put("contentType", s(v)));
        if (u.declaredSize().isPresent()) {
            item.put("declaredSize", n(u.declaredSize().getAsLong()));
        }
        putIf(item, "title", u.metadata().title());
        putIf(item, "description", u.metadata().description());
        item.put("tags", list(u.metadata().tags()));
        item.put("visibility", s(u.metadata().visibility().id()));
        putIf(item, "alt", u.metadata().altText());
        item.put("partSize", n(u.partSize()));
        item.put("state", s(u.state().id()));
        u.image().ifPresent(v -> item.put("image", s(v.value())));
        item.put("created", millis(u.createdAt()));
        item.put("expires", millis(u.expiresAt()));
        u.storageId().ifPresent(v -> item.put("storageId", s(v)));
        u.completingUntil().ifPresent(v -> item.put("completingUntil", millis(v)));
        item.put(CatalogueTable.DUE.pk, s(UPLOADS));
        item.put(CatalogueTable.DUE.sk, s(Keys.timed(u.expiresAt().toEpochMilli(), u.id().value())));
        Expr e = new Expr();
        if (!table.put(item, e, "attribute_not_exists(" + e.name(CatalogueTable.PK) + ")")) {
            throw new IllegalStateException("upload " + u.id() + " exists");
        }
    }

    @Override
    public Optional<MultipartUpload> find(UploadId id) {
        return table.get(Keys.upload(id.value()), UPLOAD).map(DynamoMultipartUploadStore::upload);
    }

    @Override
    public List<UploadedPart> parts(UploadId id) {
        return table.range(Keys.upload(id.value()), "PART#", "PART#~", true).map(DynamoMultipartUploadStore::part).toList();
    }

    /** The upload's item is touched under the condition that it is open and unexpired, then the part written. */
    @Override
    public PartRecorded recordPart(UploadId id, UploadedPart part, Instant now) {
        Expr e = new Expr();
        if (!table.update(Keys.upload(id.value()), UPLOAD, e, "SET " + e.name("partAt") + " = " + e.value(n(table.now())),
                open(e) + " AND " + e.name("expires") + " > " + e.value(millis(now)))) {
            return PartRecorded.refused();
        }
        Map<String, AttributeValue> item = new HashMap<>(Table.key(Keys.upload(id.value()), Keys.part(part.number())));
        item.put("number", n(part.number()));
        item.put("etag", s(part.etag()));
        item.put("size", n(part.size()));
        item.put("location", s(part.location()));
        item.put("received", millis(part.receivedAt()));
        return new PartRecorded(true, table.replace(item).map(DynamoMultipartUploadStore::part));
    }

    @Override
    public boolean removePart(UploadId id, UploadedPart part) {
        Expr e = new Expr();
        return table.delete(Keys.upload(id.value()), Keys.part(part.number()), e, e.name("location") + " = "
                + e.value(s(part.location())) + " AND " + e.name("etag") + " = " + e.value(s(part.etag())));
    }

    /**
     * Open, or completing under a lease that ran out. The hold moves the expiry forward only: the update is
     * a compare-and-set on the expiry it read.
     */
    @Override
    public boolean startCompleting(UploadId id, Instant now, Instant leaseUntil, Instant holdUntil) {
        while (true) {
            Optional<MultipartUpload> found = find(id);
            if (found.isEmpty() || !found.get().expiresAt().isAfter(now)) {
                return false;
            }
            Instant expires = found.get().expiresAt().isAfter(holdUntil) ? found.get().expiresAt() : holdUntil;
            Expr e = new Expr();
            String state = e.name("state");
            String until = e.name("completingUntil");
            String nowMillis = e.value(millis(now));
            String update = "SET " + state + " = " + e.value(s(UploadState.COMPLETING.id())) + ", " + until + " = "
                    + e.value(millis(leaseUntil)) + ", " + e.name("expires") + " = " + e.value(millis(expires)) + ", "
                    + e.name(CatalogueTable.DUE.sk) + " = " + e.value(s(Keys.timed(expires.toEpochMilli(), id.value())));
            String condition = e.name("expires") + " = " + e.value(millis(found.get().expiresAt())) + " AND (" + open(e)
                    + " OR (" + state + " = " + e.value(s(UploadState.COMPLETING.id())) + " AND (attribute_not_exists("
                    + until + ") OR " + until + " <= " + nowMillis + ")))";
            if (table.update(Keys.upload(id.value()), UPLOAD, e, update, condition)) {
                return true;
            }
            MultipartUpload again = find(id).orElse(null);
            if (again == null || again.expiresAt().equals(found.get().expiresAt())) {
                // Not a change of expiry in between: the state refused it.
                return false;
            }
        }
    }

    @Override
    public boolean extendCompleting(UploadId id, Instant leaseUntil) {
        Expr e = new Expr();
        return table.update(Keys.upload(id.value()), UPLOAD, e,
                "SET " + e.name("completingUntil") + " = " + e.value(millis(leaseUntil)), completing(e));
    }

    @Override
    public void releaseCompletions() {
        table.range(CatalogueTable.DUE, UPLOADS, null, null, true)
                .filter(item -> UploadState.COMPLETING.id().equals(str(item, "state")))
                .forEach(item -> {
                    Expr e = new Expr();
                    table.update(str(item, CatalogueTable.PK), UPLOAD, e,
                            "SET " + e.name("completingUntil") + " = " + e.value(n(0)), completing(e));
                });
    }

    @Override
    public void reopen(UploadId id, Instant expiresAt) {
        Expr e = new Expr();
        table.update(Keys.upload(id.value()), UPLOAD, e, "SET " + e.name("state") + " = " + e.value(s(UploadState.OPEN.id()))
                + ", " + e.name("expires") + " = " + e.value(millis(expiresAt)) + ", " + e.name(CatalogueTable.DUE.sk) + " = "
                + e.value(s(Keys.timed(expiresAt.toEpochMilli(), id.value()))) + " REMOVE " + e.name("completingUntil"),
                completing(e));
    }

    /** The state first; the part items after it (a crash between leaves parts that the upload's deletion takes). */
    @Override
    public void markCompleted(UploadId id, ImageId image) {
        Expr e = new Expr();
        table.update(Keys.upload(id.value()), UPLOAD, e, "SET " + e.name("state") + " = "
                + e.value(s(UploadState.COMPLETED.id())) + ", " + e.name("image") + " = " + e.value(s(image.value()))
                + " REMOVE " + e.name("completingUntil"), completing(e));
        deleteParts(id);
    }

    @Override
    public boolean deleteIfOpen(UploadId id) {
        Expr e = new Expr();
        boolean deleted = table.delete(Keys.upload(id.value()), UPLOAD, e, open(e));
        if (deleted) {
            deleteParts(id);
        }
        return deleted;
    }

    @Override
    public void delete(UploadId id) {
        table.delete(Keys.upload(id.value()), UPLOAD, new Expr(), null);
        deleteParts(id);
    }

    @Override
    public List<UploadId> expired(Instant now, int limit) {
        return table.range(CatalogueTable.DUE, UPLOADS, null, Keys.upTo(now.toEpochMilli()), true, limit).limit(limit)
                .map(item -> new UploadId(str(item, "id"))).toList();
    }

    @Override
    public boolean deleteExpired(UploadId id, Instant now) {
        Expr e = new Expr();
        boolean deleted = table.delete(Keys.upload(id.value()), UPLOAD, e, e.name("expires") + " <= " + e.value(millis(now)));
        if (deleted) {
            deleteParts(id);
        }
        return deleted;
    }

    private void deleteParts(UploadId id) {
        table.range(Keys.upload(id.value()), "PART#", "PART#~", true).forEach(table::delete);
    }

    private static String open(Expr e) {
        return e.name("state") + " = " + e.value(s(UploadState.OPEN.id()));
    }

    private static String completing(Expr e) {
        return e.name("state") + " = " + e.value(s(UploadState.COMPLETING.id()));
    }

    private static MultipartUpload upload(Map<String, AttributeValue> item) {
        ImageMetadata metadata = ImageMetadata.stored(str(item, "title"), str(item, "description"), strings(item, "tags"),
                Visibility.fromId(str(item, "visibility")), str(item, "alt"));
        return new MultipartUpload(new UploadId(str(item, "id")), str(item, "owner"), str(item, "filename"),
                optStr(item, "contentType"), optNum(item, "declaredSize").map(OptionalLong::of).orElse(OptionalLong.empty()),
                metadata, num(item, "partSize"), UploadState.fromId(str(item, "state")), optStr(item, "image").map(ImageId::new),
                instant(item, "created"), instant(item, "expires"), optStr(item, "storageId"),
                optInstant(item, "completingUntil"));
    }

    private static UploadedPart part(Map<String, AttributeValue> item) {
        return new UploadedPart((int) num(item, "number"), str(item, "etag"), num(item, "size"), str(item, "location"),
                instant(item, "received"));
    }
}
