package dev.pixflow.app.multipart;

import dev.pixflow.core.usecase.MultipartLimits;
import dev.pixflow.app.config.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

/**
 * {@code pixflow.multipart.*}: the multipart upload role and S3's limits, which tests shrink so their
 * parts are small.
 *
 * @param enabled      serve {@code /v1/uploads} in this process (a later {@code pixflow.roles} takes over)
 * @param partSize     the part size suggested to clients
 * @param minPartSize  every part but the last at least this
 * @param maxPartSize  no part bigger than this
 * @param maxBytes     the largest object
 * @param expiry       how long an unfinished upload keeps its parts
 * @param reapInterval how often expired uploads are looked for, once for all processes
 * @param reapBatch    uploads deleted per database round trip
 * @param directUploads with S3 storage, hand clients presigned requests that send parts (or a small object
 *                      whole) straight to the bucket; off where clients cannot reach the bucket
 * @param presignLifetime how long a presigned request works (never past its upload's expiry)
 * @param bucketRules  with S3 storage, have the originals bucket abort multipart uploads left unfinished
 *                     (and delete what they left under {@code uploads/}) a day after their expiry, and
 *                     answer CORS for {@code cors-origins}: written at start by the multipart role
 * @param corsOrigins  the origins whose web pages may send uploads straight to the bucket (the web UI's
 *                     own origin, for one); none: no CORS rule is written
 */
@ConfigurationProperties("pixflow.multipart")
public record MultipartProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("8MB") DataSize partSize,
        @DefaultValue("5MB") DataSize minPartSize,
        @DefaultValue("5GB") DataSize maxPartSize,
        @DefaultValue("5GB") DataSize maxBytes,
        @DefaultValue("24h") Duration expiry,
        @DefaultValue("5m") Duration reapInterval,
        @DefaultValue("100") int reapBatch,
        @DefaultValue("true") boolean directUploads,
        @DefaultValue("15m") Duration presignLifetime,
        @DefaultValue("false") boolean bucketRules,
        @DefaultValue List<String> corsOrigins) {

    public MultipartProperties {
        // An upload that expires as it starts, or presigned requests that never work, refuse every upload later.
        Settings.positive("pixflow.multipart.expiry", expiry);
        Settings.positive("pixflow.multipart.presign-lifetime", presignLifetime);
        Settings.positive("pixflow.multipart.reap-interval", reapInterval);
        Settings.positive("pixflow.multipart.reap-batch", reapBatch);
    }

    public MultipartLimits limits() {
        return new MultipartLimits(partSize.toBytes(), minPartSize.toBytes(), maxPartSize.toBytes(), maxBytes.toBytes(), expiry);
    }
}
