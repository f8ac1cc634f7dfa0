package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.Exif;
import dev.pixflow.core.domain.ExportedImage;
import dev.pixflow.core.domain.GeoPoint;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.domain.RenditionRequest;
import dev.pixflow.core.domain.Visibility;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.recipe.Variant;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static dev.pixflow.adapter.dynamodb.Attrs.*;

/**
 * An image as one item: the record, its renditions and asked-for renditions (maps by name), and what its
 * changes left for later (jobs for the relay, events for the log, a removal under way), so that every
 * change of an image, with its job and its event, is one conditional write of this item. Its index keys
 * put it in the owner's listing, its day, its content and its original's holders.
 */
final class ImageItems {
    static final String RENDITIONS = "renditions";
    static final String REQUESTS = "requests";
    /**
     * In an entry of {@link #REQUESTS}: when it was removed. The entry stays, as a tombstone no reader of
     * the record sees ({@link dev.pixflow.core.port.RenditionRecords#removeRendition}).
     */
    static final String REQUEST_REMOVED = "removed";
    /**
     * The names of asked-for renditions under which something was ever made: such a name keeps its
     * recipe through removals and failures, once the rendition that told it is gone. A string set.
     */
    static final String MADE_NAMES = "madeNames";
    static final String JOBS = "jobs";
    static final String EVENTS = "events";
    static final String VERSION = "ver";
    static final String REMOVED = "removed";
    static final String REMOVED_UNTIL = "removedUntil";
    static final String TAGS = "tags";
    static final String EXPIRES = "expires";
    static final String UPDATED = "updated";

    private ImageItems() {
    }

    /** The item of a new record, with empty maps for what later changes add to. */
    static Map<String, AttributeValue> of(ImageRecord r) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(CatalogueTable.PK, s(Keys.image(r.id())));
        item.put(CatalogueTable.SK, s(Keys.IMAGE));
        item.put("id", s(r.id().value()));
        item.put("owner", s(r.owner()));
        item.put("status", s(r.status().id()));
        item.put("filename", s(r.filename()));
        item.put("format", s(r.format().id()));
        item.put("bytes", n(r.bytes()));
        item.put("width", n(r.width()));
        item.put("height", n(r.height()));
        item.put("alpha", bool(r.hasAlpha()));
        item.put("sha256", s(r.sha256()));
        item.put("original", s(r.originalKey().value()));
        putIf(item, "title", r.metadata().title());
        putIf(item, "description", r.metadata().description());
        item.put(TAGS, list(r.tags()));
        item.put("visibility", s(r.visibility().id()));
        putIf(item, "alt", r.metadata().altText());
        item.put("created", millis(r.createdAt()));
        item.put(UPDATED, millis(r.updatedAt()));
        Exif e = r.exif();
        putIf(item, "make", e.cameraMake());
        putIf(item, "model", e.cameraModel());
        putIf(item, "lens", e.lens());
        putIf(item, "taken", e.takenAt() == null ? null : e.takenAt().toEpochMilli());
        putIf(item, "exposure", e.exposureTime());
        putIf(item, "fnumber", e.fNumber());
        putIf(item, "iso", e.iso() == null ? null : e.iso().longValue());
        putIf(item, "focal", e.focalLength());
        if (e.gps() != null) {
            item.put("lat", n(e.gps().latitude()));
            item.put("lon", n(e.gps().longitude()));
        }
        Map<String, AttributeValue> renditions = new HashMap<>();
        r.renditions().values().forEach(v -> renditions.put(v.variant(), rendition(v)));
        item.put(RENDITIONS, map(renditions));
        Map<String, AttributeValue> requests = new HashMap<>();
        r.requested().forEach(q -> requests.put(q.name(), request(q.variant(), q.requestedAt())));
        item.put(REQUESTS, map(requests));
        item.put(JOBS, map(Map.of()));
        item.put(EVENTS, map(Map.of()));
        item.put(VERSION, n(1));
        String created = Keys.timed(r.createdAt().toEpochMilli(), r.id().value());
        item.put(CatalogueTable.OWNER.pk, s(Keys.owner(r.owner())));
        item.put(CatalogueTable.OWNER.sk, s(created));
        item.put(CatalogueTable.CONTENT.pk, s(Keys.content(r.owner(), r.sha256())));
        item.put(CatalogueTable.CONTENT.sk, s(created));
        item.put(CatalogueTable.DAY.pk, s(Keys.day(r.createdAt().atOffset(ZoneOffset.UTC).toLocalDate())));
        item.put(CatalogueTable.DAY.sk, s(created));
        item.put(CatalogueTable.BLOB.pk, s(Keys.heldBlob(r.originalKey())));
        item.put(CatalogueTable.BLOB.sk, s(r.id().value()));
        r.expiresAt().ifPresent(at -> {
            item.put(EXPIRES, millis(at));
            item.put(CatalogueTable.DUE.pk, s(ImageItems.EXPIRY_INDEX));
            item.put(CatalogueTable.DUE.sk, s(Keys.timed(at.toEpochMilli(), r.id().value())));
        });
        return item;
    }

    /** The partition of the due-time index that holds images by expiry. */
    static final String EXPIRY_INDEX = "EXPIRES";

    static boolean live(Map<String, AttributeValue> item) {
        return !item.isEmpty() && !item.containsKey(REMOVED) && Keys.IMAGE.equals(str(item, CatalogueTable.SK));
    }

    /** A removal marked the item and its lease ran out before it finished: another removal takes it over. */
    static boolean removalCutOff(Map<String, AttributeValue> item, long now) {
        return item.containsKey(REMOVED) && num(item, REMOVED_UNTIL) < now;
    }

    static ImageRecord record(Map<String, AttributeValue> item) {
        Double lat = optDouble(item, "lat");
        Double lon = optDouble(item, "lon");
        Exif exif = new Exif(str(item, "make"), str(item, "model"), str(item, "lens"),
                optInstant(item, "taken").orElse(null), str(item, "exposure"), optDouble(item, "fnumber"),
                optNum(item, "iso").map(Long::intValue).orElse(null), optDouble(item, "focal"),
                lat == null || lon == null ? null : new GeoPoint(lat, lon));
        ImageMetadata metadata = ImageMetadata.stored(str(item, "title"), str(item, "description"), strings(item, TAGS),
                Visibility.fromId(str(item, "visibility")), str(item, "alt"));
        Map<String, Rendition> renditions = new LinkedHashMap<>();
        submap(item, RENDITIONS).entrySet().stream()
                .map(e -> rendition(e.getKey(), e.getValue().m()))
                .sorted(Comparator.comparing(Rendition::createdAt).thenComparing(Rendition::variant))
                .forEach(v -> renditions.put(v.variant(), v));
        List<RenditionRequest> requests = new ArrayList<>();
        submap(item, REQUESTS).forEach((name, v) -> {
            if (!v.m().containsKey(REQUEST_REMOVED)) {
                requests.add(request(name, v));
            }
        });
        requests.sort(Comparator.comparing(RenditionRequest::requestedAt).thenComparing(RenditionRequest::name));
        return new ImageRecord(new ImageId(str(item, "id")), str(item, "owner"), ImageStatus.fromId(str(item, "status")),
                str(item, "filename"), format(str(item, "format")), num(item, "bytes"), (int) num(item, "width"),
                (int) num(item, "height"), flag(item, "alpha"), str(item, "sha256"), new BlobKey(str(item, "original")),
                metadata, instant(item, "created"), instant(item, UPDATED), renditions, requests, exif,
                optInstant(item, EXPIRES));
    }

    static ExportedImage exported(Map<String, AttributeValue> item) {
        ImageRecord r = record(item);
        return new ExportedImage(r.id(), r.owner(), r.status(), r.filename(), r.format(), r.bytes(), r.width(), r.height(),
                r.hasAlpha(), r.sha256(), r.visibility(), Optional.ofNullable(r.metadata().title()), r.tags(),
                r.createdAt(), r.updatedAt(), Optional.ofNullable(r.exif().takenAt()),
                Optional.ofNullable(r.exif().cameraMake()), Optional.ofNullable(r.exif().cameraModel()), r.expiresAt());
    }

    static AttributeValue rendition(Rendition r) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("key", s(r.key().value()));
        m.put("format", s(r.format().id()));
        m.put("width", n(r.width()));
        m.put("height", n(r.height()));
        m.put("bytes", n(r.bytes()));
        m.put("sha256", s(r.sha256()));
        m.put("created", millis(r.createdAt()));
        m.put("frames", n(r.frames()));
        m.put("first", bool(r.firstFrameOnly()));
        return map(m);
    }

    static Rendition rendition(String variant, Map<String, AttributeValue> m) {
        return new Rendition(variant, new BlobKey(str(m, "key")), format(str(m, "format")), (int) num(m, "width"),
                (int) num(m, "height"), num(m, "bytes"), str(m, "sha256"), instant(m, "created"), (int) num(m, "frames"),
                flag(m, "first"));
    }

    /** Whether something was ever made under the asked-for name {@code name} ({@link #MADE_NAMES}). */
    static boolean everMade(Map<String, AttributeValue> item, String name) {
        return get(item, MADE_NAMES).filter(AttributeValue::hasSs).map(v -> v.ss().contains(name)).orElse(false)
                || submap(item, RENDITIONS).containsKey(name) && submap(item, REQUESTS).containsKey(name);
    }

    /** An entry of {@link #REQUESTS} as the record lists it. */
    static RenditionRequest request(String name, AttributeValue entry) {
        return new RenditionRequest(new Variant(name, Recipe.parse(str(entry.m(), "recipe"))), instant(entry.m(), "at"),
                optStr(entry.m(), "error"));
    }

    /** An asked-for rendition, without error: asking again clears an earlier one's. */
    static AttributeValue request(Variant variant, Instant at) {
        return map(Map.of("recipe", s(variant.canonical()), "at", millis(at)));
    }

    /** A job waiting for the relay; {@code at} is the wall time it was written, its place among the item's jobs. */
    static AttributeValue job(JobSpec job, long at) {
        List<AttributeValue> renditions = job.renditions().stream()
                .map(v -> map(Map.of("name", s(v.name()), "recipe", s(v.canonical())))).toList();
        Map<String, AttributeValue> trace = new HashMap<>();
        job.traceContext().forEach((k, v) -> trace.put(k, s(v)));
        return map(Map.of("kind", s(job.kind().id()), "variants", list(job.variants()),
                "renditions", AttributeValue.fromL(renditions), "trace", map(trace), "at", n(at)));
    }

    static JobSpec job(ImageId image, Map<String, AttributeValue> m) {
        List<Variant> renditions = get(m, "renditions").map(AttributeValue::l).orElse(List.of()).stream()
                .map(v -> new Variant(str(v.m(), "name"), Recipe.parse(str(v.m(), "recipe")))).toList();
        Map<String, String> trace = new HashMap<>();
        submap(m, "trace").forEach((k, v) -> trace.put(k, v.s()));
        return new JobSpec(JobSpec.Kind.fromId(str(m, "kind")), image, strings(m, "variants"), renditions, trace);
    }

    static ImageFormat format(String id) {
        return ImageFormat.valueOf(id.toUpperCase(Locale.ROOT));
    }
}
