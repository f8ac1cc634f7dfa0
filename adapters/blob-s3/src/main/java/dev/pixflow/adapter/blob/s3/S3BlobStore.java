package dev.pixflow.adapter.blob.s3;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.port.BlobStore;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Blobs as S3 objects. A PUT is atomic on S3 (a reader sees the old object or the whole new one), and
 * the SDK uploads large files in parts, streamed from disk, completing the object only when every part
 * is in. Originals and renditions may live in two buckets: renditions can be rebuilt, so their bucket
 * can have a cheaper storage class and laxer lifecycle rules.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
    private static final String ORIGINALS = "originals/";
    private static final int DELETE_BATCH = 1000;
    private static final int LIST_MAX = 1000;

    private static final long LARGEST_SINGLE_COPY = 5L << 30;

    private final S3AsyncClient s3;
    private final S3AsyncClient plain;
    private final S3Settings settings;

    public S3BlobStore(S3AsyncClient s3, S3Settings settings) throws IOException {
        this.s3 = s3;
        this.plain = S3Calls.plain(s3);
        this.settings = settings;
        Files.createDirectories(settings.spoolDirectory());
    }

    @Override
    public void put(BlobKey key, Path source) throws IOException {
        S3Calls.await(s3.putObject(putRequest(key, source).build(), AsyncRequestBody.fromFile(source)), key);
        Files.deleteIfExists(source);
    }

    /**
     * S3's conditional write ({@code If-None-Match: *}, 412 when the key exists) decides between
     * concurrent writers; the HEAD first answers the common case of an object long there, also on
     * S3-compatible servers that ignore the condition.
     */
    @Override
    public boolean putIfAbsent(BlobKey key, Path source) throws IOException {
        try {
            if (find(key).isPresent()) {
                return false;
            }
            S3Calls.await(s3.putObject(putRequest(key, source).ifNoneMatch("*").build(), AsyncRequestBody.fromFile(source)),
                    key);
            return true;
        } catch (IOException e) {
            if (e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 412) {
                return false;
            }
            throw e;
        } finally {
            Files.deleteIfExists(source);
        }
    }

    private PutObjectRequest.Builder putRequest(BlobKey key, Path source) throws IOException {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket(key.value())).key(key.value())
                .contentLength(Files.size(source));
        settings.serverSideEncryption().ifPresent(request::serverSideEncryption);
        settings.kmsKeyId().ifPresent(request::ssekmsKeyId);
        if (!isOriginal(key.value())) {
            settings.renditionsStorageClass().ifPresent(request::storageClass);
        }
        return request;
    }

    @Override
    public Optional<StoredBlob> find(BlobKey key) throws IOException {
        try {
            HeadObjectResponse head = S3Calls.await(s3.headObject(b -> b.bucket(bucket(key.value())).key(key.value())), key);
            return Optional.of(new StoredBlob(key, head.contentLength(), head.lastModified(), head.eTag(), Optional.empty()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** CopyObject on the condition that the source's ETag is still the one read; the SDK copies a large object in parts. */
    @Override
    public boolean copyIfUnchanged(StoredBlob source, BlobKey target) throws IOException {
        CopyObjectRequest.Builder request = CopyObjectRequest.builder()
                .sourceBucket(bucket(source.key().value())).sourceKey(source.key().value())
                .destinationBucket(bucket(target.value())).destinationKey(target.value())
                .copySourceIfMatch(source.version());
        settings.serverSideEncryption().ifPresent(request::serverSideEncryption);
        settings.kmsKeyId().ifPresent(request::ssekmsKeyId);
        if (!isOriginal(target.value())) {
            settings.renditionsStorageClass().ifPresent(request::storageClass);
        }
        try {
            S3Calls.await((source.size() > LARGEST_SINGLE_COPY ? s3 : plain).copyObject(request.build()), target);
            return true;
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            if (e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 412) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public InputStream open(BlobKey key, long offset) throws IOException {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket(key.value())).key(key.value());
        if (offset > 0) {
            request.range("bytes=" + offset + "-");
        }
        return S3Calls.await(plain.getObject(request.build(), AsyncResponseTransformer.toBlockingInputStream()), key);
    }

    @Override
    public LocalCopy localCopy(BlobKey key) throws IOException {
        // A name, not a file: the SDK creates the file itself and refuses to overwrite one.
        Path file = settings.spoolDirectory().resolve("download-" + UUID.randomUUID() + ".part");
        try {
            S3Calls.await(plain.getObject(b -> b.bucket(bucket(key.value())).key(key.value()), AsyncResponseTransformer.toFile(file)), key);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new TemporaryCopy(file);
    }

    @Override
    public void delete(BlobKey key) throws IOException {
        S3Calls.await(s3.deleteObject(b -> b.bucket(bucket(key.value())).key(key.value())), key);
    }

    @Override
    public void deletePrefix(String prefix) throws IOException {
        String bucket = bucket(prefix);
        List<ObjectIdentifier> batch = new ArrayList<>();
        try {
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()
                    .subscribe((S3Object o) -> batch.add(ObjectIdentifier.builder().key(o.key()).build())).get();
        } catch (ExecutionException e) {
            throw S3Calls.failure(e.getCause(), prefix);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted listing " + prefix);
        }
        for (int from = 0; from < batch.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> part = batch.subList(from, Math.min(batch.size(), from + DELETE_BATCH));
            var deleted = S3Calls.await(s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(part).quiet(true)
                    .build())), prefix);
            // A quiet DeleteObjects answers 200 and lists only the keys it refused (a bucket policy, an object lock).
            if (deleted.hasErrors() && !deleted.errors().isEmpty()) {
                var refused = deleted.errors().getFirst();
                throw new java.nio.file.AccessDeniedException(refused.key(), null, refused.code() + ": " + refused.message()
                        + " (" + deleted.errors().size() + " of " + part.size() + " keys under " + prefix + " refused)");
            }
        }
    }

    /**
     * ListObjectsV2 from {@code after} (StartAfter), following continuation tokens only until the page
     * is full: S3 answers at most 1,000 keys a call, in the keys' byte order.
     */
    @Override
    public List<StoredBlob> list(String prefix, Optional<BlobKey> after, int limit) throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        List<StoredBlob> page = new ArrayList<>(Math.min(limit, LIST_MAX));
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket(prefix)).prefix(prefix)
                    .maxKeys(Math.min(LIST_MAX, limit - page.size()));
            if (token == null) {
                after.ifPresent(a -> request.startAfter(a.value()));
            } else {
                request.continuationToken(token);
            }
            ListObjectsV2Response response = S3Calls.await(s3.listObjectsV2(request.build()), prefix);
            for (S3Object o : response.contents()) {
                // Keys another tool wrote into the bucket are not Pixflow's blobs.
                safeKey(o.key()).ifPresent(key -> page.add(new StoredBlob(key, o.size(), o.lastModified(), o.eTag(), Optional.empty())));
            }
            token = Boolean.TRUE.equals(response.isTruncated()) ? response.nextContinuationToken() : null;
        } while (token != null && page.size() < limit);
        return page;
    }

    private static Optional<BlobKey> safeKey(String key) {
        try {
            return Optional.of(new BlobKey(key));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    @Override
    public Path spoolDirectory() {
        return settings.spoolDirectory();
    }

    @Override
    public void close() {
        s3.close();
    }

    /** The client, for the incoming-objects reader that shares it. */
    public S3AsyncClient client() {
        return s3;
    }

    public S3Settings settings() {
        return settings;
    }

    /** Uploads are assembled in the originals bucket ({@link S3PartStore#PREFIX}), where they are copied from. */
    private String bucket(String keyOrPrefix) {
        return isOriginal(keyOrPrefix) || keyOrPrefix.startsWith(S3PartStore.PREFIX) ? settings.originalsBucket()
                : settings.renditionsBucket();
    }

    private static boolean isOriginal(String keyOrPrefix) {
        return keyOrPrefix.startsWith(ORIGINALS);
    }

    /** A downloaded copy for a decoder; removed when closed. */
    private record TemporaryCopy(Path path) implements LocalCopy {
        @Override
        public void close() {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // Left in the spool directory, which is swept at the next start.
            }
        }
    }
}
