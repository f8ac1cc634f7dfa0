package dev.pixflow.adapter.blob.s3;

import dev.pixflow.testing.servers.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The default time to live as a bucket lifecycle rule, on the S3-compatible server the adapter tests use. */
class S3BucketLifecycleTest {
    private static S3Server server;
    private static S3AsyncClient client;

    @BeforeAll
    static void start() {
        server = S3Server.start();
        client = S3Clients.create(settings("unused"));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void writesARulePerPrefix() {
        S3Settings settings = settings("lifecycle");
        client.createBucket(b -> b.bucket(settings.originalsBucket())).join();
        client.createBucket(b -> b.bucket(settings.renditionsBucket())).join();
        S3BucketLifecycle lifecycle = new S3BucketLifecycle(client, settings);

        try {
            lifecycle.expireAfter(Duration.ofDays(7));
        } catch (CompletionException e) {
            // s3proxy 4.1 answers 501 to PutBucketLifecycleConfiguration; AWS S3, MinIO and Ceph implement it.
            boolean notImplemented = e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 501;
            assumeThat(notImplemented).as("the S3 server implements bucket lifecycle").isFalse();
            throw e;
        }

        List<LifecycleRule> originals = lifecycle.rules(settings.originalsBucket());
        assertThat(originals).singleElement().satisfies(r -> {
            assertThat(r.filter().prefix()).isEqualTo("originals/");
            assertThat(r.expiration().days()).isEqualTo(7);
        });
        assertThat(lifecycle.rules(settings.renditionsBucket())).singleElement()
                .satisfies(r -> assertThat(r.filter().prefix()).isEqualTo("renditions/"));
    }

    private static S3Settings settings(String name) {
        return new S3Settings(name + "-originals", name + "-renditions", S3Server.REGION, Optional.of(server.endpoint()),
                true, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(S3Server.ACCESS_KEY),
                Optional.of(S3Server.SECRET_KEY), Path.of("unused"), S3Settings.DEFAULT_MULTIPART_THRESHOLD,
                S3Settings.DEFAULT_PART_SIZE);
    }

    @Test
    void pixflowsRuleReplacesItsEarlierOneAndKeepsTheBucketsOthers() {
        LifecycleRule theirs = LifecycleRule.builder().id("archive-logs").status(ExpirationStatus.ENABLED)
                .filter(f -> f.prefix("logs/")).expiration(e -> e.days(90)).build();
        List<LifecycleRule> first = S3BucketLifecycle.merged(List.of(theirs), List.of("originals/"), 30);

        List<LifecycleRule> second = S3BucketLifecycle.merged(first, List.of("originals/"), 7);

        assertThat(second).hasSize(2);
        assertThat(second.get(0)).isEqualTo(theirs);
        assertThat(second.get(1).filter().prefix()).isEqualTo("originals/");
        assertThat(second.get(1).expiration().days()).isEqualTo(7);
        assertThat(second.get(1).status()).isEqualTo(ExpirationStatus.ENABLED);
    }

    @Test
    void partDaysRoundUp() {
        assertThat(S3BucketLifecycle.days(Duration.ofHours(12))).isEqualTo(1);
        assertThat(S3BucketLifecycle.days(Duration.ofDays(7))).isEqualTo(7);
        assertThat(S3BucketLifecycle.days(Duration.ofDays(7).plusMinutes(1))).isEqualTo(8);
    }

    @Test
    void unfinishedUploadsAreAbortedAndTheirObjectsExpiredBesideTheBucketsOtherRules() {
        LifecycleRule theirs = LifecycleRule.builder().id("archive-logs").status(ExpirationStatus.ENABLED)
                .filter(f -> f.prefix("logs/")).expiration(e -> e.days(90)).build();
        LifecycleRule earlier = S3BucketLifecycle.unfinishedUploads(9);
        List<LifecycleRule> kept = S3BucketLifecycle.others(List.of(theirs, earlier), S3BucketLifecycle.UPLOADS_RULE_ID);
        assertThat(kept).containsExactly(theirs);

        LifecycleRule rule = S3BucketLifecycle.unfinishedUploads(2);
        assertThat(rule.filter().prefix()).isEqualTo("uploads/");
        assertThat(rule.abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(2);
        assertThat(rule.expiration().days()).isEqualTo(2);
        assertThat(S3BucketLifecycle.days(Duration.ofHours(25))).as("whole days, rounded up").isEqualTo(2);
    }

    @Test
    void browserUploadsAreAllowedBesideTheBucketsOtherCorsRules() {
        software.amazon.awssdk.services.s3.model.CORSRule theirs = software.amazon.awssdk.services.s3.model.CORSRule.builder()
                .id("cdn-reads").allowedOrigins("*").allowedMethods("GET").build();
        var first = S3BucketCors.merged(List.of(theirs), List.of("https://a.example"));
        var second = S3BucketCors.merged(first, List.of("https://b.example"));

        assertThat(second).hasSize(2);
        assertThat(second.get(0)).isEqualTo(theirs);
        assertThat(second.get(1).allowedOrigins()).containsExactly("https://b.example");
        assertThat(second.get(1).allowedMethods()).containsExactly("PUT");
        assertThat(second.get(1).exposeHeaders()).contains("ETag");
    }
}
