package dev.pixflow.adapter.blob.s3;

import dev.pixflow.contract.BlobStoreContract;
import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.testing.servers.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The blob store contract on a real S3-compatible server (s3proxy, signatures checked), two buckets. */
class S3BlobStoreTest extends BlobStoreContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3Server server;
    /** One client for the class: closing one waits out Netty's quiet period. */
    private static S3AsyncClient client;

    @TempDir
    Path spool;
    private S3Settings settings;
    private S3BlobStore store;

    @BeforeAll
    static void startServer() {
        server = S3Server.start();
        client = S3Clients.create(settings(Path.of("unused"), Optional.empty()));
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    static S3Settings settings(Path spool, Optional<String> storageClass) {
        int n = BUCKETS.incrementAndGet();
        return new S3Settings("originals-" + n, "renditions-" + n, S3Server.REGION, Optional.of(server.endpoint()), true,
                Optional.empty(), Optional.empty(), storageClass, Optional.of(S3Server.ACCESS_KEY),
                Optional.of(S3Server.SECRET_KEY), spool, 6L * 1024 * 1024, 5L * 1024 * 1024);
    }

    @BeforeEach
    void open() throws Exception {
        settings = settings(spool, Optional.empty());
        client.createBucket(b -> b.bucket(settings.originalsBucket())).join();
        client.createBucket(b -> b.bucket(settings.renditionsBucket())).join();
        store = new S3BlobStore(client, settings);
    }

    @Override
    protected BlobStore store() {
        return store;
    }

    @Test
    void originalsAndRenditionsLiveInTheirOwnBuckets() throws Exception {
        store.put(new BlobKey("originals/2026/11/21/a"), spooled("original"));
        store.put(new BlobKey("renditions/a/thumb-1.jpg"), spooled("rendition"));

        assertThat(keys(settings.originalsBucket())).containsExactly("originals/2026/11/21/a");
        assertThat(keys(settings.renditionsBucket())).containsExactly("renditions/a/thumb-1.jpg");
    }

    @Test
    void aLargeObjectGoesUpInPartsAndReadsBackWholeByRangeAndCopied() throws Exception {
        byte[] bytes = new byte[13 * 1024 * 1024 + 17];
        new Random(42).nextBytes(bytes);
        Path source = Files.write(elsewhere.resolve("big"), bytes);
        BlobKey key = new BlobKey("originals/2026/11/21/big");

        store.put(key, source);

        String etag = client.headObject(b -> b.bucket(settings.originalsBucket()).key(key.value())).join().eTag();
        assertThat(etag).as("a multipart upload's ETag ends in the part count").matches("\"?[0-9a-f]{32}-3\"?");
        assertThat(store.find(key).orElseThrow().size()).isEqualTo(bytes.length);
        int offset = 11 * 1024 * 1024 + 3;
        try (InputStream in = store.open(key, offset)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, offset, bytes.length));
        }
        // Whole, in one GET: not every S3-compatible server serves an object made of parts part by part.
        try (InputStream in = store.open(key, 0)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        try (BlobStore.LocalCopy local = store.localCopy(key)) {
            assertThat(Files.readAllBytes(local.path())).isEqualTo(bytes);
        }
        BlobKey copy = new BlobKey("originals/sha256/00/11/0011");
        assertThat(store.copyIfUnchanged(store.find(key).orElseThrow(), copy)).isTrue();
        try (InputStream in = store.open(copy, 0)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void aLocalCopyIsATemporaryFileRemovedOnClose() throws Exception {
        BlobKey key = new BlobKey("originals/2026/11/21/c");
        store.put(key, spooled("to decode"));
        Path copy;
        try (BlobStore.LocalCopy local = store.localCopy(key)) {
            copy = local.path();
            assertThat(copy.getParent()).isEqualTo(spool);
            assertThat(Files.readString(copy)).isEqualTo("to decode");
        }
        assertThat(copy).doesNotExist();
        assertThat(store.find(key).orElseThrow().localFile()).isEmpty();
    }

    @Test
    void renditionsMayUseACheaperStorageClass() throws Exception {
        S3Settings cheap = settings(spool, Optional.of("STANDARD_IA"));
        client.createBucket(b -> b.bucket(cheap.originalsBucket())).join();
        client.createBucket(b -> b.bucket(cheap.renditionsBucket())).join();
        S3BlobStore withClass = new S3BlobStore(client, cheap);
        withClass.put(new BlobKey("renditions/a/thumb-1.jpg"), spooled("rendition"));
        withClass.put(new BlobKey("originals/2026/11/21/a"), spooled("original"));

        assertThat(client.headObject(b -> b.bucket(cheap.renditionsBucket()).key("renditions/a/thumb-1.jpg")).join()
                .storageClassAsString()).isEqualTo("STANDARD_IA");
        assertThat(client.headObject(b -> b.bucket(cheap.originalsBucket()).key("originals/2026/11/21/a")).join()
                .storageClassAsString()).isNotEqualTo("STANDARD_IA");
    }

    @Test
    void everyObjectIsWrittenWithTheServerSideEncryptionAskedFor() throws Exception {
        S3Settings base = settings(spool, Optional.empty());
        S3Settings sse = new S3Settings(base.originalsBucket(), base.renditionsBucket(), base.region(), base.endpoint(),
                true, Optional.of("AES256"), Optional.empty(), Optional.empty(), base.accessKey(), base.secretKey(), spool,
                base.multipartThreshold(), base.partSize());
        client.createBucket(b -> b.bucket(sse.originalsBucket())).join();
        client.createBucket(b -> b.bucket(sse.renditionsBucket())).join();
        new S3BlobStore(client, sse).put(new BlobKey("originals/2026/11/21/secret"), spooled("secret"));

        assertThat(client.headObject(b -> b.bucket(sse.originalsBucket()).key("originals/2026/11/21/secret")).join()
                .serverSideEncryptionAsString()).isEqualTo("AES256");
    }

    private java.util.List<String> keys(String bucket) {
        return client.listObjectsV2(b -> b.bucket(bucket)).join().contents().stream().map(o -> o.key()).toList();
    }
}
