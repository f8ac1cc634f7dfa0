package dev.pixflow.app.support;

import dev.pixflow.testing.servers.PostgresServer;
import dev.pixflow.testing.servers.S3Server;
import dev.pixflow.testing.servers.SqsServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scale-out engines for tests, started once per test JVM and shared: an S3-compatible server
 * (s3proxy), an SQS-compatible server (ElasticMQ) and PostgreSQL. Each caller gets buckets, queues and
 * a database of its own, named by {@code name}.
 */
public final class ScaleOutServers {
    private static S3Server s3;
    private static SqsServer sqs;
    private static PostgresServer postgres;

    private ScaleOutServers() {
    }

    private static synchronized void start() {
        if (s3 == null) {
            s3 = S3Server.start();
            sqs = SqsServer.start();
            postgres = PostgresServer.start();
        }
    }

    /** Settings for blobs on S3 and jobs on SQS, with fresh buckets; queues are created on first use. */
    public static Map<String, String> s3AndSqs(String name) {
        start();
        try (S3Client admin = admin()) {
            admin.createBucket(b -> b.bucket(name + "-originals"));
            admin.createBucket(b -> b.bucket(name + "-renditions"));
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("pixflow.storage.type", "s3");
        p.put("pixflow.storage.s3.originals-bucket", name + "-originals");
        p.put("pixflow.storage.s3.renditions-bucket", name + "-renditions");
        p.put("pixflow.storage.s3.endpoint", s3.endpoint().toString());
        p.put("pixflow.storage.s3.path-style", "true");
        p.put("pixflow.storage.s3.access-key", S3Server.ACCESS_KEY);
        p.put("pixflow.storage.s3.secret-key", S3Server.SECRET_KEY);
        p.put("pixflow.queue.type", "sqs");
        p.put("pixflow.queue.sqs.create", "true");
        p.put("pixflow.queue.sqs.queue-name", name + "-jobs");
        p.put("pixflow.queue.sqs.endpoint", sqs.endpoint().toString());
        p.put("pixflow.queue.sqs.access-key", "x");
        p.put("pixflow.queue.sqs.secret-key", "x");
        p.put("pixflow.queue.sqs.long-poll", "1s");
        return p;
    }

    /** Every key in a bucket, for tests that check what was stored. */
    public static java.util.List<String> keys(String bucket) {
        start();
        try (S3Client admin = admin()) {
            return admin.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(o -> o.key()).toList();
        }
    }

    private static S3Client admin() {
        return S3Client.builder().endpointOverride(s3.endpoint()).region(Region.of(S3Server.REGION))
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY))).build();
    }

    /** Writes a file straight into a bucket, as a client of the bucket (not of Pixflow) would; its entity tag, unquoted. */
    public static String putObject(String bucket, String key, java.nio.file.Path file) {
        try (S3Client admin = admin()) {
            return admin.putObject(b -> b.bucket(bucket).key(key), file).eTag().replace("\"", "");
        }
    }

    /** Messages in a queue, visible or held by a consumer. */
    public static long queueCount(String queueUrl) {
        try (var client = dev.pixflow.adapter.queue.sqs.SqsClients.create("us-east-1", java.util.Optional.of(sqs.endpoint()),
                java.util.Optional.of("x"), java.util.Optional.of("x"))) {
            var attrs = client.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("All")).attributesAsStrings();
            return Long.parseLong(attrs.get("ApproximateNumberOfMessages")) + Long.parseLong(attrs.get("ApproximateNumberOfMessagesNotVisible"));
        }
    }

    /** Sends a message as the bucket's event notification would. */
    public static void send(String queueUrl, String body) {
        try (var client = dev.pixflow.adapter.queue.sqs.SqsClients.create("us-east-1", java.util.Optional.of(sqs.endpoint()),
                java.util.Optional.of("x"), java.util.Optional.of("x"))) {
            client.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
        }
    }

    /** {@link #s3AndSqs} plus the catalogue in a fresh PostgreSQL database, and a queue for bucket events. */
    public static Map<String, String> all(String name) {
        Map<String, String> p = s3AndSqs(name);
        try (var client = dev.pixflow.adapter.queue.sqs.SqsClients.create("us-east-1", java.util.Optional.of(sqs.endpoint()),
                java.util.Optional.of("x"), java.util.Optional.of("x"))) {
            p.put("pixflow.storage.s3.incoming-queue-url", client.createQueue(b -> b.queueName(name + "-incoming")).queueUrl());
        }
        p.put("pixflow.metadata.type", "postgres");
        p.put("pixflow.metadata.postgres.url", postgres.newDatabase());
        p.put("pixflow.metadata.postgres.user", PostgresServer.USER);
        p.put("pixflow.metadata.postgres.password", PostgresServer.PASSWORD);
        return p;
    }
}
