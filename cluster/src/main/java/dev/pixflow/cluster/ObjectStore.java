package dev.pixflow.cluster;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The S3-compatible server: s3proxy in this JVM on a directory (each bucket a directory, multipart uploads
 * in progress too, so all of it survives a restart), verifying AWS signatures with the cluster's key pair,
 * path-style. Browsers on the load balancer's origin may send uploads straight to it (CORS, with the ETag
 * exposed as Uppy needs), and the originals bucket notifies its queue of new objects as S3 would.
 */
final class ObjectStore implements AutoCloseable {
    static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final URI endpoint;

    private ObjectStore(S3Proxy proxy, URI endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    /**
     * @param origins       the browser origins allowed to send requests (the load balancer's)
     * @param buckets       created when missing
     * @param notify        the bucket whose new objects are announced, and under which prefixes
     */
    static ObjectStore start(Path dir, int port, S3Credentials credentials, List<String> origins, List<String> buckets,
                             Notifications notify) throws Exception {
        Files.createDirectories(dir);
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", dir.toString());
        props.setProperty("jclouds.identity", credentials.accessKey());
        props.setProperty("jclouds.credential", credentials.secretKey());
        BlobStore files = BlobStores.create("filesystem", props);
        for (String bucket : buckets) {
            if (!files.containerExists(bucket)) {
                files.createContainer(bucket);
            }
        }
        BlobStore store = new BucketNotifications(files, notify.sqs(), notify.bucket(), notify.prefixes(), notify.queueUrl());
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, credentials.accessKey(), credentials.secretKey())
                // The SDK's multipart upload sends x-amz-mp-object-size, which AWS knows and s3proxy does not.
                .ignoreUnknownHeaders(true)
                .corsRules(new CrossOriginResourceSharing(origins.stream().map(Pattern::quote).toList(),
                        List.of("GET", "HEAD", "PUT", "POST", "DELETE"), List.of("*"), List.of("ETag"), ""))
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            if ("FAILED".equals(proxy.getState())) {
                throw new IOException("s3proxy did not start on port " + port);
            }
            Thread.sleep(20);
        }
        return new ObjectStore(proxy, endpoint);
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }

    /** Where a bucket's events go: the queue S3's notification configuration would name. */
    record Notifications(SqsClient sqs, String bucket, List<String> prefixes, URI queueUrl) {
    }
}
