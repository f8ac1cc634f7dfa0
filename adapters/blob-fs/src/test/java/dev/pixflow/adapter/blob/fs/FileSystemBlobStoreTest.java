package dev.pixflow.adapter.blob.fs;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.port.BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSystemBlobStoreTest {
    @TempDir
    Path root;

    private Path spooled(BlobStore store, String content) throws Exception {
        Path f = Files.createTempFile(store.spoolDirectory(), "t", ".part");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void putMovesTheSpooledFileAndFindReportsIt() throws Exception {
        var store = new FileSystemBlobStore(root);
        Path source = spooled(store, "hello blob");
        BlobKey key = new BlobKey("originals/2026/11/21/abc");

        store.put(key, source);

        assertThat(source).doesNotExist();
        var found = store.find(key).orElseThrow();
        assertThat(found.size()).isEqualTo(10);
        assertThat(found.localFile()).contains(root.toAbsolutePath().resolve("originals/2026/11/21/abc"));
        try (InputStream in = store.open(key, 6)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("blob");
        }
    }

    @Test
    void putReplacesWholeObject() throws Exception {
        var store = new FileSystemBlobStore(root);
        BlobKey key = new BlobKey("renditions/x/thumb-1.jpg");
        store.put(key, spooled(store, "first version, longer"));
        store.put(key, spooled(store, "second"));
        try (InputStream in = store.open(key, 0)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second");
        }
    }

    @Test
    void putFromAnotherDirectoryCopies(@TempDir Path elsewhere) throws Exception {
        var store = new FileSystemBlobStore(root);
        Path source = Files.writeString(elsewhere.resolve("f"), "moved in");
        store.put(new BlobKey("a/b"), source);
        assertThat(store.find(new BlobKey("a/b"))).isPresent();
    }

    @Test
    void deleteAndDeletePrefix() throws Exception {
        var store = new FileSystemBlobStore(root);
        store.put(new BlobKey("renditions/img1/thumb-a.jpg"), spooled(store, "1"));
        store.put(new BlobKey("renditions/img1/large-b.jpg"), spooled(store, "2"));
        store.put(new BlobKey("renditions/img2/thumb-a.jpg"), spooled(store, "3"));

        store.deletePrefix("renditions/img1/");
        store.delete(new BlobKey("renditions/missing.jpg"));

        assertThat(store.find(new BlobKey("renditions/img1/thumb-a.jpg"))).isEmpty();
        assertThat(root.resolve("renditions/img1")).doesNotExist();
        assertThat(store.find(new BlobKey("renditions/img2/thumb-a.jpg"))).isPresent();
    }

    @Test
    void keysCannotReachTheSpoolOrOutsideTheRoot() throws Exception {
        var store = new FileSystemBlobStore(root);
        assertThatThrownBy(() -> store.find(new BlobKey("tmp/x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlobKey("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlobKey("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
