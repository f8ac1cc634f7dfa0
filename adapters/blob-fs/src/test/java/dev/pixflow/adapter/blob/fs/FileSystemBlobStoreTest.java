package dev.pixflow.adapter.blob.fs;

import dev.pixflow.contract.BlobStoreContract;
import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.port.BlobStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The blob store contract on the local disk, plus what only a local store does (files in place). */
class FileSystemBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path root;
    private FileSystemBlobStore store;

    @BeforeEach
    void open() throws Exception {
        store = new FileSystemBlobStore(root);
    }

    @Override
    protected BlobStore store() {
        return store;
    }

    @Test
    void findNamesTheStoresOwnFileAndALocalCopyIsThatFile() throws Exception {
        BlobKey key = new BlobKey("originals/2026/11/21/abc");
        store.put(key, spooled("hello blob"));
        Path file = root.toAbsolutePath().resolve("originals/2026/11/21/abc");
        assertThat(store.find(key).orElseThrow().localFile()).contains(file);
        try (var copy = store.localCopy(key)) {
            assertThat(copy.path()).isEqualTo(file);
        }
        assertThat(file).exists();
    }

    /** Two renders of one recipe storing at once: one wins, whole, and the other learns it lost. */
    @Test
    void ofWritersRacingPutIfAbsentExactlyOneStores() throws Exception {
        BlobKey key = new BlobKey("renditions/img1/thumb-race.jpg");
        int writers = 8;
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            sources.add(spooled("writer " + i + " ".repeat(i * 100)));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (Path source : sources) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.putIfAbsent(key, source);
                }));
            }
            start.countDown();
            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                if (results.get(i).get()) {
                    winners.add(i);
                }
            }
            assertThat(winners).hasSize(1);
            int w = winners.getFirst();
            assertThat(read(store.open(key, 0))).isEqualTo("writer " + w + " ".repeat(w * 100));
            assertThat(sources).allSatisfy(source -> assertThat(source).doesNotExist());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deletePrefixRemovesTheDirectory() throws Exception {
        store.put(new BlobKey("renditions/img1/thumb-a.jpg"), spooled("1"));
        store.deletePrefix("renditions/img1/");
        assertThat(root.resolve("renditions/img1")).doesNotExist();
    }

    @Test
    void keysCannotReachTheSpoolOrOutsideTheRoot() {
        assertThatThrownBy(() -> store.find(new BlobKey("tmp/x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlobKey("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlobKey("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
