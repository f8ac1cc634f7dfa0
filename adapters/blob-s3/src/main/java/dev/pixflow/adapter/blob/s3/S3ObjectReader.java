package dev.pixflow.adapter.blob.s3;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * Reads an object named by bucket and key (a stream record's {@code s3://} reference) with the blob
 * store's client, so the same credentials and endpoint serve both.
 */
public final class S3ObjectReader {

    /** An object's body being read; closing it before the end drops the connection. */
    public record Opened(InputStream body, Optional<String> contentType, long length) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    private final S3AsyncClient s3;

    public S3ObjectReader(S3AsyncClient s3) {
        this.s3 = S3Calls.plain(s3);
    }

    /** The object's body; {@link NoSuchFileException} when the bucket or the key does not exist. */
    public Opened open(String bucket, String key) throws IOException {
        String what = "s3://" + bucket + "/" + key;
        ResponseInputStream<GetObjectResponse> object;
        try {
            object = s3.getObject(b -> b.bucket(bucket).key(key), AsyncResponseTransformer.toBlockingInputStream()).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 404) {
                NoSuchFileException missing = new NoSuchFileException(what);
                missing.initCause(s3e);
                throw missing;
            }
            if (e.getCause() instanceof SdkException sdk) {
                throw new IOException("S3 failed on " + what + ": " + sdk.getMessage(), sdk);
            }
            throw new IOException("S3 failed on " + what, e.getCause());
        }
        GetObjectResponse response = object.response();
        InputStream body = new FilterInputStream(object) {
            private boolean ended;

            @Override
            public int read() throws IOException {
                int b = super.read();
                ended |= b < 0;
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                ended |= n < 0;
                return n;
            }

            @Override
            public void close() throws IOException {
                // Closing a body not read to its end would drain the rest first: abort instead.
                if (!ended) {
                    object.abort();
                }
                super.close();
            }
        };
        return new Opened(body, Optional.ofNullable(response.contentType()),
                response.contentLength() == null ? -1 : response.contentLength());
    }
}
