package dev.pixflow.adapter.blob.s3;

import dev.pixflow.core.domain.IncomingObject;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.IncomingStore;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/**
 * Objects written straight into the originals bucket, by the client's own key. Only the originals
 * bucket is read, so an event naming another bucket cannot make Pixflow fetch from it.
 */
public final class S3IncomingStore implements IncomingStore {
    private final S3AsyncClient s3;
    private final S3Settings settings;

    public S3IncomingStore(S3AsyncClient s3, S3Settings settings) {
        this.s3 = S3Calls.plain(s3);
        this.settings = settings;
    }

    @Override
    public BlobStore.LocalCopy download(IncomingObject object) throws IOException {
        if (!settings.originalsBucket().equals(object.bucket())) {
            throw new NoSuchFileException(object.bucket() + "/" + object.key(), null, "not the originals bucket");
        }
        Path file = settings.spoolDirectory().resolve("incoming-" + UUID.randomUUID() + ".part");
        try {
            s3.getObject(b -> b.bucket(object.bucket()).key(object.key()).ifMatch(tagged(object)),
                    AsyncResponseTransformer.toFile(file)).join();
        } catch (CompletionException e) {
            Files.deleteIfExists(file);
            if (e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 404) {
                throw new NoSuchFileException(object.key());
            }
            if (e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 412) {
                throw new NoSuchFileException(object.key(), null, "written again since the event");
            }
            throw new IOException("S3 failed reading " + object.key(), e.getCause());
        }
        return new BlobStore.LocalCopy() {
            @Override
            public Path path() {
                return file;
            }

            @Override
            public void close() {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // Swept with the spool directory at the next start.
                }
            }
        };
    }

    @Override
    public void delete(IncomingObject object) throws IOException {
        if (!settings.originalsBucket().equals(object.bucket())) {
            return;
        }
        try {
            if (!object.eTag().isEmpty()) {
                // S3 deletes by key: the object written again since this event is not this event's to remove.
                // (A write landing between this look and the delete is still removed; S3 has no delete-if-match
                // for every store this runs on.)
                String now;
                try {
                    now = s3.headObject(b -> b.bucket(object.bucket()).key(object.key())).join().eTag();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 404) {
                        return;
                    }
                    throw e;
                }
                if (!S3PartStore.etag(now).equals(S3PartStore.etag(object.eTag()))) {
                    return;
                }
            }
            s3.deleteObject(b -> b.bucket(object.bucket()).key(object.key())).join();
        } catch (CompletionException e) {
            throw new IOException("S3 failed deleting " + object.key(), e.getCause());
        }
    }

    /** The event's entity tag as a precondition: null (none) when the event gave none. */
    private static String tagged(IncomingObject object) {
        return object.eTag().isEmpty() ? null : "\"" + S3PartStore.etag(object.eTag()) + "\"";
    }
}
