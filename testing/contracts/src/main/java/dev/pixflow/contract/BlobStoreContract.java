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
}
