package dev.pixflow.cluster;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What s3proxy lacks and S3 has: a bucket's event notifications to an SQS queue. After a PutObject or a
 * CompleteMultipartUpload under one of the prefixes of one bucket succeeds, the event S3 would send (its
 * JSON, the key URL-encoded) goes to the queue, as the originals bucket's notification configuration
 * does on AWS ({@code incoming/}: objects written into the bucket become images; {@code uploads/}:
 * uploads sent straight to the bucket are completed). The storage server's feature, emulated where it
 * runs: the server's own code reads the queue exactly as it reads S3's.
 */
final class BucketNotifications extends ForwardingBlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(BucketNotifications.class);

    private final SqsClient sqs;
    private final String bucket;
    private final List<String> prefixes;
    private final String queueUrl;
    private final AtomicLong sequencer = new AtomicLong(System.currentTimeMillis() * 1000);

    BucketNotifications(BlobStore delegate, SqsClient sqs, String bucket, List<String> prefixes, URI queueUrl) {
        super(delegate);
        this.sqs = sqs;
        this.bucket = bucket;
        this.prefixes = List.copyOf(prefixes);
        this.queueUrl = queueUrl.toString();
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream in) {
        PutObjectResponse response = super.putBlob(request, in);
        notify("ObjectCreated:Put", request.bucket(), request.key(), response.eTag());
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload, CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        notify("ObjectCreated:CompleteMultipartUpload", upload.containerName(), upload.blobName(), response.eTag());
        return response;
    }

    private void notify(String event, String objectBucket, String key, String etag) {
        if (!bucket.equals(objectBucket) || prefixes.stream().noneMatch(key::startsWith)) {
            return;
        }
        try {
            long size = delegate().blobMetadata(objectBucket, key).contentLength();
            String json = """
                    {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"%s",\
                    "eventName":"%s","s3":{"s3SchemaVersion":"1.0","bucket":{"name":"%s","arn":"arn:aws:s3:::%s"},\
                    "object":{"key":"%s","size":%d,"eTag":"%s","sequencer":"%016X"}}}]}"""
                    .formatted(Instant.now().truncatedTo(ChronoUnit.MILLIS), event, objectBucket, objectBucket,
                            URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"), size,
                            etag == null ? "" : etag.replace("\"", ""), sequencer.incrementAndGet());
            sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(json));
        } catch (RuntimeException e) {
            // The write stands, as on S3, whose events may come late or not at all: the server does not
            // depend on them (an upload's complete call, the reaper).
            LOG.warn("could not send the event for {}/{}: {}", objectBucket, key, e.toString());
        }
    }
}
