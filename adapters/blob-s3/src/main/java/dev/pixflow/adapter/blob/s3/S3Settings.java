package dev.pixflow.adapter.blob.s3;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where and how the blob store keeps objects on S3 or an S3-compatible server.
 *
 * @param originalsBucket       holds {@code originals/...}: the uploads, which cannot be rebuilt
 * @param renditionsBucket      holds everything else ({@code renditions/...}); may be the same bucket,
 *                              the keys' own prefixes then keep the two apart
 * @param endpoint              set for an S3-compatible server (MinIO, Ceph, R2, s3proxy); empty for AWS
 * @param pathStyle             bucket in the path rather than the host name, as most S3-compatible servers want
 * @param serverSideEncryption  {@code AES256} or {@code aws:kms}; empty for the bucket's default
 * @param kmsKeyId              the KMS key for {@code aws:kms}; empty for the account's default key
 * @param renditionsStorageClass e.g. {@code STANDARD_IA}: renditions can be rebuilt, so they may live cheaper
 * @param accessKey             explicit credentials (an S3-compatible server); empty: the SDK's default
 *                              provider chain (environment, profile, web identity, container or instance role)
 * @param spoolDirectory        local directory for uploads being checked and for downloads given to decoders
 * @param multipartThreshold    objects larger than this are uploaded in parts
 * @param partSize              the size of each part
 */
public record S3Settings(
        String originalsBucket,
        String renditionsBucket,
        String region,
        Optional<URI> endpoint,
        boolean pathStyle,
        Optional<String> serverSideEncryption,
        Optional<String> kmsKeyId,
        Optional<String> renditionsStorageClass,
        Optional<String> accessKey,
        Optional<String> secretKey,
        Path spoolDirectory,
        long multipartThreshold,
        long partSize) {

    public static final long DEFAULT_MULTIPART_THRESHOLD = 16L * 1024 * 1024;
    public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;

    public S3Settings {
        if (originalsBucket == null || originalsBucket.isBlank()) {
            throw new IllegalArgumentException("the originals bucket must be named");
        }
        renditionsBucket = renditionsBucket == null || renditionsBucket.isBlank() ? originalsBucket : renditionsBucket;
        if (partSize < 5L * 1024 * 1024) {
            throw new IllegalArgumentException("S3 parts are at least 5 MiB");
        }
    }
}
