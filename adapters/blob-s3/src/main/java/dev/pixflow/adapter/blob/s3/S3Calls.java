package dev.pixflow.adapter.blob.s3;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.DelegatingS3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** An async S3 call waited for, its failure as the IOException callers know: a missing object or upload is NoSuchFile. */
final class S3Calls {
    private S3Calls() {
    }

    /**
     * The client without the SDK's multipart layer, for reads and copies: that layer downloads an object
     * uploaded in parts part by part (GetObject with a part number), which not every S3-compatible server
     * serves (s3proxy refuses it), and copies with UploadPartCopy where one CopyObject does up to 5 GiB.
     */
    static S3AsyncClient plain(S3AsyncClient s3) {
        return s3 instanceof DelegatingS3AsyncClient layered ? (S3AsyncClient) layered.delegate() : s3;
    }

    static <T> T await(CompletableFuture<T> call, Object what) throws IOException {
        try {
            return call.join();
        } catch (CompletionException e) {
            throw failure(e.getCause(), what);
        }
    }

    static IOException failure(Throwable cause, Object what) {
        if (cause instanceof S3Exception s3 && (s3.statusCode() == 404)) {
            NoSuchFileException missing = new NoSuchFileException(what.toString());
            missing.initCause(cause);
            return missing;
        }
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof SdkException sdk) {
            return new IOException("S3 failed on " + what + ": " + sdk.getMessage(), sdk);
        }
        return new IOException("S3 failed on " + what, cause);
    }

}
