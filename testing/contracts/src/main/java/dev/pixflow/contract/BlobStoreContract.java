package dev.pixflow.contract;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.port.BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link BlobStore} promises, whatever holds the bytes. A subclass per adapter supplies a
 * fresh, empty store for each test.
 */
public abstract class BlobStoreContract {

    /** An empty store, new for this test. */
    protected abstract BlobStore store();

    @TempDir
    protected Path elsewhere;

    protected Path spooled(String content) throws IOException {
        Path f = Files.createTempFile(store().spoolDirectory(), "t", ".part");
        Files.writeString(f, content);
        return f;
    }

    protected static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void putConsumesTheSourceAndFindReportsTheObject() throws Exception {
        BlobStore store = store();
        Path source = spooled("hello blob");
        BlobKey key = new BlobKey("originals/2026/11/21/abc");

        store.put(key, source);

        assertThat(source).doesNotExist();
        var found = store.find(key).orElseThrow();
        assertThat(found.key()).isEqualTo(key);
        assertThat(found.size()).isEqualTo(10);
        assertThat(found.lastModified()).isNotNull();
    }

    @Test
    void copyIfUnchangedCopiesTheVersionReadAndNothingElse() throws Exception {
        BlobStore store = store();
        BlobKey upload = new BlobKey("uploads/0190f1c2-aaaa-7bbb-8ccc-000000000001");
        store.put(upload, spooled("the bytes that were hashed"));
        BlobStore.StoredBlob read = store.find(upload).orElseThrow();
        BlobKey original = new BlobKey("originals/sha256/ab/cd/abcd");

        assertThat(store.copyIfUnchanged(read, original)).isTrue();

        assertThat(read(store.open(original, 0))).isEqualTo("the bytes that were hashed");
        assertThat(read(store.open(upload, 0))).as("the source stays").isEqualTo("the bytes that were hashed");

        store.put(upload, spooled("bytes put after the hash"));
        BlobKey other = new BlobKey("originals/sha256/ef/01/ef01");
        assertThat(store.copyIfUnchanged(read, other)).as("the object changed since it was read").isFalse();
        assertThat(store.find(other)).isEmpty();
        assertThat(read(store.open(original, 0))).as("the copy made before is its own").isEqualTo("the bytes that were hashed");

        BlobStore.StoredBlob second = store.find(upload).orElseThrow();
        assertThat(second.version()).isNotEqualTo(read.version());
        store.delete(upload);
        assertThat(store.copyIfUnchanged(second, other)).as("the object is gone").isFalse();
        assertThat(store.find(other)).isEmpty();
    }

    @Test
    void readsFromAnOffset() throws Exception {
        BlobStore store = store();
        BlobKey key = new BlobKey("originals/2026/11/21/ranged");
        store.put(key, spooled("hello blob"));
        assertThat(read(store.open(key, 0))).isEqualTo("hello blob");
        assertThat(read(store.open(key, 6))).isEqualTo("blob");
    }

    @Test
    void putReplacesTheWholeObject() throws Exception {
        BlobStore store = store();
        BlobKey key = new BlobKey("renditions/x/thumb-1.jpg");
        store.put(key, spooled("first version, longer"));
        store.put(key, spooled("second"));
        assertThat(read(store.open(key, 0))).isEqualTo("second");
        assertThat(store.find(key).orElseThrow().size()).isEqualTo(6);
    }

    @Test
    void putIfAbsentStoresOnceAndKeepsTheFirstObject() throws Exception {
        BlobStore store = store();
        BlobKey key = new BlobKey("renditions/x/thumb-2.jpg");
        Path first = spooled("first, the longer one");
        Path second = spooled("second");

        assertThat(store.putIfAbsent(key, first)).isTrue();
        assertThat(store.putIfAbsent(key, second)).isFalse();

        assertThat(first).doesNotExist();
        assertThat(second).as("consumed either way").doesNotExist();
        assertThat(read(store.open(key, 0))).isEqualTo("first, the longer one");
        assertThat(store.find(key).orElseThrow().size()).isEqualTo(21);
    }

    @Test
    void putFromAnotherDirectoryWorks() throws Exception {
        BlobStore store = store();
        Path source = Files.writeString(elsewhere.resolve("f"), "moved in");
        store.put(new BlobKey("a/b"), source);
        assertThat(read(store.open(new BlobKey("a/b"), 0))).isEqualTo("moved in");
    }

    @Test
    void aMissingObjectIsEmptyToFindAndAnErrorToOpen() throws Exception {
        BlobStore store = store();
        BlobKey missing = new BlobKey("originals/2026/01/01/missing");
        assertThat(store.find(missing)).isEmpty();
        assertThatThrownBy(() -> store.open(missing, 0).close()).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> store.localCopy(missing).close()).isInstanceOf(IOException.class);
    }

    @Test
    void localCopyHasTheBytesAndClosingLeavesTheObject() throws Exception {
        BlobStore store = store();
        BlobKey key = new BlobKey("originals/2026/11/21/copy");
        byte[] bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        Path source = Files.write(elsewhere.resolve("random"), bytes);
        store.put(key, source);

        try (BlobStore.LocalCopy copy = store.localCopy(key)) {
            assertThat(Files.readAllBytes(copy.path())).isEqualTo(bytes);
        }
        assertThat(store.find(key)).isPresent();
        try (InputStream in = store.open(key, 0)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void deleteAndDeletePrefix() throws Exception {
        BlobStore store = store();
        store.put(new BlobKey("renditions/img1/thumb-a.jpg"), spooled("1"));
        store.put(new BlobKey("renditions/img1/large-b.jpg"), spooled("2"));
        store.put(new BlobKey("renditions/img2/thumb-a.jpg"), spooled("3"));
        store.put(new BlobKey("originals/2026/11/21/img1"), spooled("4"));

        store.deletePrefix("renditions/img1/");
        store.delete(new BlobKey("renditions/missing.jpg"));
        store.delete(new BlobKey("originals/2026/11/21/img1"));

        assertThat(store.find(new BlobKey("renditions/img1/thumb-a.jpg"))).isEmpty();
        assertThat(store.find(new BlobKey("renditions/img1/large-b.jpg"))).isEmpty();
        assertThat(store.find(new BlobKey("originals/2026/11/21/img1"))).isEmpty();
        assertThat(store.find(new BlobKey("renditions/img2/thumb-a.jpg"))).isPresent();
    }

    private static List<String> keys(List<BlobStore.StoredBlob> page) {
        return page.stream().map(b -> b.key().value()).toList();
    }

    @Test
    void listsAPrefixInKeyOrderAPageAtATime() throws Exception {
        BlobStore store = store();
        // Byte order: '-' (0x2d) sorts before '/' (0x2f), so "ab-c" comes before everything under "ab/".
        List<String> under = List.of("renditions/ab-c/x.jpg", "renditions/ab/a.jpg", "renditions/ab/b/c.jpg",
                "renditions/ab/b0.jpg", "renditions/b/z.webp");
        for (String key : under.reversed()) {
            store.put(new BlobKey(key), spooled(key));
        }
        store.put(new BlobKey("originals/sha256/aa/bb/elsewhere"), spooled("not under the prefix"));

        List<String> seen = new ArrayList<>();
        Optional<BlobKey> after = Optional.empty();
        List<BlobStore.StoredBlob> page;
        int pages = 0;
        do {
            page = store.list("renditions/", after, 2);
            assertThat(page.size()).isLessThanOrEqualTo(2);
            seen.addAll(keys(page));
            after = page.isEmpty() ? after : Optional.of(page.getLast().key());
            pages++;
        } while (page.size() == 2);

        assertThat(seen).containsExactlyElementsOf(under);
        assertThat(pages).isEqualTo(3);
        BlobStore.StoredBlob first = store.list("renditions/", Optional.empty(), 1).getFirst();
        assertThat(first.size()).isEqualTo("renditions/ab-c/x.jpg".length());
        assertThat(first.lastModified()).isNotNull();
    }

    @Test
    void listingStartsAfterAKeyThatNeedNotExist() throws Exception {
        BlobStore store = store();
        for (String key : List.of("originals/sha256/01/aa/x", "originals/sha256/02/bb/y", "originals/sha256/03/cc/z")) {
            store.put(new BlobKey(key), spooled(key));
        }
        assertThat(keys(store.list("originals/", Optional.of(new BlobKey("originals/sha256/01/zz")), 10)))
                .containsExactly("originals/sha256/02/bb/y", "originals/sha256/03/cc/z");
        assertThat(keys(store.list("originals/sha256/02/", Optional.empty(), 10))).containsExactly("originals/sha256/02/bb/y");
        assertThat(store.list("originals/", Optional.of(new BlobKey("originals/sha256/03/cc/z")), 10)).isEmpty();
        assertThat(store.list("renditions/", Optional.empty(), 10)).isEmpty();
    }

    @Test
    void deletedObjectsAreNoLongerListed() throws Exception {
        BlobStore store = store();
        store.put(new BlobKey("renditions/gone/a.jpg"), spooled("a"));
        store.put(new BlobKey("renditions/kept/b.jpg"), spooled("b"));
        store.deletePrefix("renditions/gone/");
        assertThat(keys(store.list("renditions/", Optional.empty(), 10))).containsExactly("renditions/kept/b.jpg");
    }
}
