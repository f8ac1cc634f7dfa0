package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.domain.ImageFilter;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageSort;
import dev.pixflow.core.domain.Page;
import dev.pixflow.core.domain.PageCursor;
import dev.pixflow.core.domain.TagCount;
import dev.pixflow.core.port.ImageSearch;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

import static dev.pixflow.adapter.dynamodb.Attrs.*;

/**
 * Listings and search over the by-owner index: an owner's images are one partition sorted by creation,
 * so the owner, the order and a creation window are the key condition and a page reads about as many
 * items as it shows. The other filters are checked on the items read. Full text reads the owner's
 * images (within the creation window) and scores each in the process: every rule of the SQL stores'
 * search, at a cost that grows with the owner's image count (see ARCHITECTURE.md, "Search on DynamoDB").
 */
public final class DynamoImageSearch implements ImageSearch {
    private final Table table;

    DynamoImageSearch(Table table) {
        this.table = table;
    }

    private record Scored(ImageRecord image, int score, String key) {
    }

    @Override
    public Page<ImageRecord> list(ImageQuery query, Instant now) {
        ImageFilter f = query.filter();
        boolean newest = query.sort() != ImageSort.OLDEST;
        String from = f.createdFrom().map(at -> Attrs.padded(at.toEpochMilli())).orElse(null);
        String to = f.createdTo().map(at -> Attrs.padded(at.toEpochMilli())).orElse(null);
        Optional<String> cursorKey = query.after().filter(c -> c.sort() != ImageSort.RELEVANCE)
                .map(c -> Keys.timed(c.createdAtMillis(), c.id().value()));
        if (cursorKey.isPresent()) {
            if (newest) {
                to = to == null || cursorKey.get().compareTo(to) < 0 ? cursorKey.get() : to;
            } else {
                from = from == null || cursorKey.get().compareTo(from) > 0 ? cursorKey.get() : from;
            }
        }
        String lower = from;
        String upper = to;
        int page = query.limit() + 1;
        Stream<Map<String, AttributeValue>> items = table.range(CatalogueTable.OWNER,
                        Keys.owner(query.owner()), from, to, !newest, query.text().isPresent() ? 0 : page)
                // The key condition's bounds are inclusive: createdTo and the cursor's own item are not.
                .filter(item -> {
                    String sk = str(item, CatalogueTable.OWNER.sk);
                    return (upper == null || sk.compareTo(upper) < 0)
                            && (lower == null || sk.compareTo(lower) >= 0) && !cursorKey.map(sk::equals).orElse(false);
                });
        Stream<ImageRecord> records = items.filter(ImageItems::live).map(ImageItems::record)
                .filter(r -> !r.isExpired(now) && matches(f, r));
        if (query.text().isEmpty()) {
            List<ImageRecord> found = records.limit(page).toList();
            return page(found, query, r -> 0);
        }
        TextMatch match = new TextMatch(query.text().get());
        List<Scored> scored = new ArrayList<>();
        records.forEach(r -> {
            OptionalInt score = match.score(r);
            if (score.isPresent()) {
                scored.add(new Scored(r, score.getAsInt(), Keys.timed(r.createdAt().toEpochMilli(), r.id().value())));
            }
        });
        if (query.sort() == ImageSort.RELEVANCE) {
            Comparator<Scored> order = Comparator.comparingInt(Scored::score).thenComparing(Scored::key).reversed();
            scored.sort(order);
            Optional<PageCursor> after = query.after();
            List<ImageRecord> found = scored.stream()
                    .filter(s -> after.isEmpty() || order.compare(s, new Scored(null, after.get().score(),
                            Keys.timed(after.get().createdAtMillis(), after.get().id().value()))) > 0)
                    .limit(page).map(Scored::image).toList();
            Map<ImageRecord, Integer> scores = new HashMap<>();
            scored.forEach(s -> scores.put(s.image(), s.score()));
            return page(found, query, scores::get);
        }
        return page(scored.stream().limit(page).map(Scored::image).toList(), query, r -> 0);
    }

    private static Page<ImageRecord> page(List<ImageRecord> found, ImageQuery query, ToIntFunction<ImageRecord> score) {
        if (found.size() <= query.limit()) {
            return new Page<>(found, Optional.empty());
        }
        List<ImageRecord> shown = found.subList(0, query.limit());
        ImageRecord last = shown.getLast();
        return new Page<>(List.copyOf(shown), Optional.of(PageCursor.after(query.sort(), score.applyAsInt(last), last)));
    }

    private static boolean matches(ImageFilter f, ImageRecord r) {
        if (!f.tags().stream().map(ImageMetadata::normaliseTag).allMatch(r.tags()::contains)) {
            return false;
        }
        Instant taken = r.exif().takenAt();
        if (f.takenFrom().isPresent() && (taken == null || taken.isBefore(f.takenFrom().get()))) {
            return false;
        }
        if (f.takenTo().isPresent() && (taken == null || !taken.isBefore(f.takenTo().get()))) {
            return false;
        }
        if (f.format().isPresent() && f.format().get() != r.format()) {
            return false;
        }
        if (f.minWidth().isPresent() && r.width() < f.minWidth().get()) {
            return false;
        }
        if (f.minHeight().isPresent() && r.height() < f.minHeight().get()) {
            return false;
        }
        if (f.orientation().isPresent() && !switch (f.orientation().get()) {
            case LANDSCAPE -> r.width() > r.height();
            case PORTRAIT -> r.width() < r.height();
            case SQUARE -> r.width() == r.height();
        }) {
            return false;
        }
        if (f.hasGps().isPresent() && f.hasGps().get() != (r.exif().gps() != null)) {
            return false;
        }
        return f.status().isEmpty() || f.status().get() == r.status();
    }

    /** The owner's images with these bytes, newest first, from the by-content index; each read again consistently. */
    @Override
    public Optional<ImageRecord> findDuplicate(String owner, String sha256, Instant now) {
        return table.range(CatalogueTable.CONTENT, Keys.content(owner, sha256), null, null, false)
                .map(item -> table.get(str(item, CatalogueTable.PK), Keys.IMAGE)).flatMap(Optional::stream)
                .filter(ImageItems::live).map(ImageItems::record).filter(r -> !r.isExpired(now)).findFirst();
    }

    /** Counted over the owner's partition of the by-owner index. */
    @Override
    public List<TagCount> tags(String owner, Instant now, int limit) {
        Map<String, Long> counts = new HashMap<>();
        table.range(CatalogueTable.OWNER, Keys.owner(owner), null, null, true).filter(ImageItems::live).map(ImageItems::record)
                .filter(r -> !r.isExpired(now)).forEach(r -> r.tags().forEach(t -> counts.merge(t, 1L, Long::sum)));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit).map(e -> new TagCount(e.getKey(), e.getValue())).toList();
    }
}
