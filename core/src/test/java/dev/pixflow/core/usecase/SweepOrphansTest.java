package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.BlobReferences;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.Telemetry;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sweep's decisions over a store read a page at a time: what is old and unused goes, what is young,
 * held or freshly referenced stays, and no page asks for more keys than the page size.
 */
class SweepOrphansTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Duration GRACE = Duration.ofHours(24);
    private static final Instant OLD = NOW.minus(Duration.ofHours(30));

    /** Blobs in key order, as both stores list them. */
    private static final class Blobs implements BlobStore {
        final TreeMap<String, StoredBlob> objects = new TreeMap<>();
        final List<Integer> pageSizes = new ArrayList<>();

        void add(BlobKey key, Instant modified) {
            objects.put(key.value(), new StoredBlob(key, 1, modified, Optional.empty()));
        }

        @Override
        public List<StoredBlob> list(String prefix, Optional<BlobKey> after, int limit) {
            pageSizes.add(limit);
            return (after.isPresent() ? objects.tailMap(after.get().value(), false) : objects).values().stream()
                    .filter(b -> b.key().value().startsWith(prefix)).limit(limit).toList();
        }

        @Override
        public void delete(BlobKey key) {
            objects.remove(key.value());
        }

        @Override
        public void deletePrefix(String prefix) {
            objects.keySet().removeIf(k -> k.startsWith(prefix));
        }

        @Override public void put(BlobKey key, Path source) { throw new UnsupportedOperationException(); }
        @Override public Optional<StoredBlob> find(BlobKey key) { return Optional.ofNullable(objects.get(key.value())); }
        @Override public InputStream open(BlobKey key, long offset) { throw new UnsupportedOperationException(); }
        @Override public LocalCopy localCopy(BlobKey key) { throw new UnsupportedOperationException(); }
        @Override public Path spoolDirectory() { throw new UnsupportedOperationException(); }
    }

    /** The three questions the sweep asks the catalogue, answered from maps; anything else is not expected. */
    private static final class Catalogue {
        final Set<BlobKey> held = new HashSet<>();
        final Map<BlobKey, Instant> retainedAt = new HashMap<>();
        final Set<ImageId> images = new HashSet<>();

        @SuppressWarnings("unchecked")
        <T> T port(Class<T> type) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "blobsInUse" -> ((Collection<BlobKey>) args[0]).stream()
                                .filter(k -> held.contains(k) || !retainedAt.getOrDefault(k, Instant.MIN).isBefore((Instant) args[1]))
                                .collect(Collectors.toSet());
                        case "dropUnusedBlob" -> {
                            BlobKey key = (BlobKey) args[0];
                            if (held.contains(key) || !retainedAt.getOrDefault(key, Instant.MIN).isBefore((Instant) args[1])) {
                                yield false;
                            }
                            retainedAt.remove(key);
                            ((BlobReferences.LastReference) args[2]).released(key);
                            yield true;
                        }
                        case "existing" -> ((Collection<ImageId>) args[0]).stream().filter(images::contains).collect(Collectors.toSet());
                        default -> throw new UnsupportedOperationException(method.getName());
                    }));
        }
    }

    private final Blobs blobs = new Blobs();
    private final Catalogue catalogue = new Catalogue();
    private final List<String> reported = new ArrayList<>();
    private final Telemetry telemetry = new Telemetry() {
        @Override public void uploadAccepted(long bytes) { }
        @Override public void uploadRejected(String reason) { }
        @Override public void jobQueued() { }
        @Override public void jobSucceeded() { }
        @Override public void jobFailed(boolean dead) { }
        @Override public void rendered(String variant, java.time.Duration took) { }
        @Override public void orphansDeleted(String kind, int count) {
            reported.add(kind + "=" + count);
        }
    };

    private SweepOrphans sweep(int page) {
        return new SweepOrphans(blobs, catalogue.port(ImageRecords.class), catalogue.port(BlobReferences.class), Clock.fixed(NOW, ZoneOffset.UTC), telemetry, GRACE, page);
    }

    private static BlobKey original(int n) {
        return BlobKey.content("%064x".formatted(n));
    }

    private static ImageId id(int n) {
        return new ImageId("0190a000-0000-7000-8000-%012d".formatted(n));
    }

    @Test
    void oldUnusedOriginalsGoAcrossPagesAndEverythingInUseStays() throws Exception {
        for (int n = 1; n <= 7; n++) {
            blobs.add(original(n), OLD);
            catalogue.retainedAt.put(original(n), OLD);
        }
        catalogue.held.add(original(2));                                   // a record's original
        catalogue.retainedAt.put(original(4), NOW.minus(Duration.ofHours(1))); // the same bytes uploaded again just now
        blobs.add(original(8), NOW.minus(Duration.ofMinutes(5)));          // bytes still being committed
        catalogue.retainedAt.remove(original(6));                          // bytes whose count is already gone

        SweepOrphans.Swept swept = sweep(3).sweep();

        assertThat(swept).isEqualTo(new SweepOrphans.Swept(5, 0));
        assertThat(blobs.objects.keySet()).containsExactlyInAnyOrder(original(2).value(), original(4).value(), original(8).value());
        assertThat(blobs.pageSizes).allMatch(size -> size == 3);
        assertThat(reported).isNotEmpty().allMatch(r -> r.startsWith("original="));
        assertThat(reported.stream().mapToInt(r -> Integer.parseInt(r.substring(r.indexOf('=') + 1))).sum()).isEqualTo(5);
    }

    @Test
    void renditionsOfImagesGoneAreDeletedOnceEvenAcrossAPageBoundary() throws Exception {
        catalogue.images.add(id(1));
        for (int n = 1; n <= 3; n++) {
            blobs.add(BlobKey.rendition(id(n), "thumb", "h1", ImageFormat.WEBP), NOW);
            blobs.add(BlobKey.rendition(id(n), "large", "h2", ImageFormat.JPEG), NOW);
        }
        blobs.add(new BlobKey("renditions/not-an-id/x.jpg"), OLD);

        // The first page ends inside image 2's renditions: all of them go, and image 2 is counted once.
        SweepOrphans.Swept swept = sweep(3).sweep();

        assertThat(swept).isEqualTo(new SweepOrphans.Swept(0, 2));
        assertThat(blobs.objects.keySet()).containsExactlyInAnyOrder(
                BlobKey.rendition(id(1), "thumb", "h1", ImageFormat.WEBP).value(),
                BlobKey.rendition(id(1), "large", "h2", ImageFormat.JPEG).value(),
                "renditions/not-an-id/x.jpg");
    }

    @Test
    void theRenditionKeyNamesItsImage() {
        assertThat(SweepOrphans.imageOf(BlobKey.rendition(id(9), "thumb", "h", ImageFormat.PNG))).hasValue(id(9));
        assertThat(SweepOrphans.imageOf(new BlobKey("renditions/x/y.jpg"))).isEmpty();
        assertThat(SweepOrphans.imageOf(new BlobKey("originals/sha256/aa/bb/cc"))).isEmpty();
    }

    @Test
    void aGraceOfNothingIsRefused() {
        assertThatThrownBy(() -> new SweepOrphans(blobs, catalogue.port(ImageRecords.class), catalogue.port(BlobReferences.class), Clock.systemUTC(), telemetry, Duration.ZERO, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
