package dev.pixflow.adapter.blob.s3;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.MultipartRejectedException;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.PartChecksum;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadedPart;
import dev.pixflow.core.port.BlobStore.StoredBlob;
import dev.pixflow.core.port.PartStore;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Multipart uploads as S3's own, in the originals bucket under {@code uploads/{id}}: begun with
 * CreateMultipartUpload, parts sent through Pixflow streamed to UploadPart (no local copy), parts sent
 * straight to the bucket by presigned UploadPart requests, ListParts as the truth of what arrived (it
 * sees both), CompleteMultipartUpload to put them together, AbortMultipartUpload to give up. A small
 * object may be sent whole, by a presigned PUT to the same key. Nothing of an upload is on a process's
 * disk, so any process can take any call of any upload.
 *
 * <p>Every part carries a SHA-256 that S3 checks (the multipart upload is created with that algorithm):
 * the client's own (x-checksum-sha256 through Pixflow, signed into a presigned request), or, for a part
 * sent through Pixflow without one, computed by the SDK as it streams. A Content-MD5 the client gives
 * is checked by S3 too. Completing names each part's checksum as S3 listed it, as AWS requires.
 */
public final class S3PartStore implements PartStore, AutoCloseable {
    /** Where uploads' objects are made in the originals bucket: {@code uploads/{uploadId}}. */
    public static final String PREFIX = "uploads/";

    private final S3AsyncClient s3;
    private final S3Presigner presigner;
    private final S3Settings settings;
    private final boolean direct;
    private final ExecutorService streams = Executors.newVirtualThreadPerTaskExecutor();

    /** @param direct whether clients may send bytes straight to the bucket (they can reach it) */
    public S3PartStore(S3AsyncClient s3, S3Presigner presigner, S3Settings settings, boolean direct) {
        this.s3 = s3;
        this.presigner = presigner;
        this.settings = settings;
        this.direct = direct;
    }

    /** The key the object is made under: the parts put together, or the object sent whole. */
    static String key(UploadId upload) {
        return PREFIX + upload.value();
    }

    @Override
    public Optional<String> begin(UploadId upload, Optional<String> contentType) throws IOException {
        CreateMultipartUploadRequest.Builder request = CreateMultipartUploadRequest.builder()
                .bucket(settings.originalsBucket()).key(key(upload)).checksumAlgorithm(ChecksumAlgorithm.SHA256);
        contentType.ifPresent(request::contentType);
        settings.serverSideEncryption().ifPresent(request::serverSideEncryption);
        settings.kmsKeyId().ifPresent(request::ssekmsKeyId);
        return Optional.of(S3Calls.await(s3.createMultipartUpload(request.build()), upload).uploadId());
    }

    @Override
    public WrittenPart write(MultipartUpload upload, int partNumber, InputStream body, OptionalLong length, long maxBytes,
                             Optional<PartChecksum> checksum) throws IOException {
        if (length.isEmpty()) {
            throw new MultipartRejectedException(MultipartRejectedException.Reason.LENGTH_REQUIRED,
                    "send the part with its Content-Length: it streams to the bucket, which must know its length first");
        }
        long size = length.getAsLong();
        if (size == 0) {
            throw new RejectedImageException(RejectedImageException.Reason.EMPTY, "the part is empty");
        }
        if (size > maxBytes) {
            throw new RejectedImageException(RejectedImageException.Reason.TOO_LARGE, "a part is at most " + maxBytes + " bytes");
        }
        UploadPartRequest.Builder request = UploadPartRequest.builder().bucket(settings.originalsBucket())
                .key(key(upload.id())).uploadId(storageId(upload)).partNumber(partNumber).contentLength(size);
        Optional<PartChecksum> sha256 = checksum.filter(c -> c.algorithm() == PartChecksum.Algorithm.SHA256);
        if (sha256.isPresent()) {
            request.checksumSHA256(base64(sha256.get()));
        } else {
            // No client digest to pass on: the SDK computes the SHA-256 as the part streams (a trailer).
            request.checksumAlgorithm(ChecksumAlgorithm.SHA256);
            checksum.ifPresent(md5 -> request.contentMD5(base64(md5)));
        }
        try {
            UploadPartResponse response = S3Calls.await(s3.uploadPart(request.build(),
                    AsyncRequestBody.fromInputStream(body, size, streams)), upload.id() + " part " + partNumber);
            return new WrittenPart("", etag(response.eTag()), size);
        } catch (IOException e) {
            if (e.getCause() instanceof S3Exception s3e && "BadDigest".equals(s3e.awsErrorDetails().errorCode())) {
                throw new MultipartRejectedException(MultipartRejectedException.Reason.CHECKSUM_MISMATCH, "part "
                        + partNumber + ": the bytes received do not match the checksum sent with them; send the part again");
            }
            throw e;
        }
    }

    @Override
    public boolean takesDirectUploads() {
        return direct;
    }

    @Override
    public DirectRequest presignPart(MultipartUpload upload, int partNumber, long size, Optional<PartChecksum> sha256,
                                     Duration lifetime) {
        UploadPartRequest.Builder part = UploadPartRequest.builder().bucket(settings.originalsBucket())
                .key(key(upload.id())).uploadId(storageId(upload)).partNumber(partNumber).contentLength(size)
                .checksumSHA256(base64(sha256.orElseThrow(() -> new IllegalArgumentException(
                        "a part sent to the bucket carries its SHA-256: the multipart upload is made with that algorithm"))));
        return direct(presigner.presignUploadPart(p -> p.signatureDuration(lifetime).uploadPartRequest(part.build())));
    }

    @Override
    public DirectRequest presignObject(MultipartUpload upload, long size, String contentType, Optional<PartChecksum> sha256,
                                       Duration lifetime) {
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(settings.originalsBucket()).key(key(upload.id()))
                .contentLength(size).contentType(contentType);
        sha256.ifPresent(c -> put.checksumSHA256(base64(c)));
        settings.serverSideEncryption().ifPresent(put::serverSideEncryption);
        settings.kmsKeyId().ifPresent(put::ssekmsKeyId);
        return direct(presigner.presignPutObject(p -> p.signatureDuration(lifetime).putObjectRequest(put.build())));
    }

    /**
     * The headers the client must send as they were signed; not Host and Content-Length, which every
     * HTTP client sets itself (a browser may not set them), and which the signature checks all the same.
     */
    private static DirectRequest direct(PresignedRequest presigned) {
        Map<String, String> headers = new LinkedHashMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("host") && !lower.equals("content-length")) {
                headers.put(name, String.join(",", values));
            }
        });
        try {
            return new DirectRequest(presigned.httpRequest().method().name(), presigned.url().toURI(), headers,
                    presigned.expiration());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the presigner made an unusable URL", e);
        }
    }

    @Override
    public Optional<List<UploadedPart>> heldParts(MultipartUpload upload) throws IOException {
        try {
            return Optional.of(listParts(upload).stream().map(p -> new UploadedPart(p.partNumber(), etag(p.eTag()), p.size(), "",
                    Optional.ofNullable(p.lastModified()).orElse(Instant.EPOCH))).toList());
        } catch (NoSuchFileException completedOrAborted) {
            // AWS answers NoSuchUpload once the parts were put together (or given up): none are held as parts.
            return Optional.of(List.of());
        }
    }

    @Override
    public boolean holdsObject(MultipartUpload upload) throws IOException {
        return exists(upload.id());
    }

    /** Each part's SHA-256, which completing must name on AWS (an S3-compatible server may list none). */
    private Map<Integer, String> partChecksums(MultipartUpload upload) throws IOException {
        Map<Integer, String> checksums = new HashMap<>();
        for (Part p : listParts(upload)) {
            if (p.checksumSHA256() != null) {
                checksums.put(p.partNumber(), p.checksumSHA256());
            }
        }
        return checksums;
    }

    private List<Part> listParts(MultipartUpload upload) throws IOException {
        List<Part> parts = new ArrayList<>();
        Integer marker = null;
        while (true) {
            Integer after = marker;
            ListPartsResponse page = S3Calls.await(s3.listParts(b -> b.bucket(settings.originalsBucket())
                    .key(key(upload.id())).uploadId(storageId(upload)).partNumberMarker(after)), upload.id());
            parts.addAll(page.parts());
            if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextPartNumberMarker() == null) {
                return parts;
            }
            marker = page.nextPartNumberMarker();
        }
    }

    /**
     * The object under the upload's key, when there is one (sent whole, or put together by a complete
     * that a crash cut off before it was checked); otherwise the parts put together by S3 first.
     */
    @Override
    public Optional<Assembled> assemble(MultipartUpload upload, List<UploadedPart> parts) throws IOException {
        boolean made = exists(upload.id());
        if (!made) {
            if (parts.isEmpty()) {
                return Optional.empty();
            }
            Map<Integer, String> checksums = partChecksums(upload);
            List<CompletedPart> completed = parts.stream().map(p -> CompletedPart.builder().partNumber(p.number())
                    .eTag(p.etag()).checksumSHA256(checksums.get(p.number())).build()).toList();
            S3Calls.await(s3.completeMultipartUpload(b -> b.bucket(settings.originalsBucket()).key(key(upload.id()))
                    .uploadId(storageId(upload)).multipartUpload(m -> m.parts(completed))), upload.id());
        }
        String key = key(upload.id());
        ResponseInputStream<GetObjectResponse> object = S3Calls.await(s3.getObject(b -> b.bucket(settings.originalsBucket()).key(key),
                AsyncResponseTransformer.toBlockingInputStream()), upload.id());
        GetObjectResponse got = object.response();
        return Optional.of(new Assembled(object, made && parts.isEmpty(),
                Optional.of(new StoredBlob(new BlobKey(key), got.contentLength(), got.lastModified(), got.eTag(), Optional.empty()))));
    }

    private boolean exists(UploadId upload) throws IOException {
        try {
            S3Calls.await(s3.headObject(b -> b.bucket(settings.originalsBucket()).key(key(upload))), upload);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** S3 keeps the newest part of each number: a replaced one needs no deleting. */
    @Override
    public void delete(UploadId upload, String location) {
    }

    @Override
    public void deleteAll(MultipartUpload upload) throws IOException {
        if (upload.storageId().isPresent()) {
            try {
                S3Calls.await(s3.abortMultipartUpload(b -> b.bucket(settings.originalsBucket()).key(key(upload.id()))
                        .uploadId(upload.storageId().get())), upload.id());
            } catch (NoSuchFileException alreadyGone) {
                // Completed or aborted before: nothing left of it.
            }
        }
        S3Calls.await(s3.deleteObject(b -> b.bucket(settings.originalsBucket()).key(key(upload.id()))), upload.id());
    }

    private static String storageId(MultipartUpload upload) {
        return upload.storageId().orElseThrow(() -> new IllegalStateException("upload " + upload.id()
                + " was started without S3 multipart storage (by a server that kept parts on its disk)"));
    }

    /** S3 quotes etags in its answers (not in its events); Pixflow's are bare lower-case hex. */
    static String etag(String quoted) {
        String e = quoted == null ? "" : quoted.strip();
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.toLowerCase(Locale.ROOT);
    }

    private static String base64(PartChecksum checksum) {
        return Base64.getEncoder().encodeToString(checksum.expected());
    }

    @Override
    public void close() {
        streams.shutdown();
        presigner.close();
        s3.close();
    }
}
