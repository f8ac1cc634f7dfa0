package dev.pixflow.adapter.blob.s3;

import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The bucket-side twin of the catalogue's default time to live: an S3 lifecycle rule per prefix that
 * expires objects a whole number of days after they were written, so storage forgets them even if no
 * Pixflow process is left to sweep. The rule is Pixflow's own (by id); other rules on the bucket are
 * kept, since PutBucketLifecycleConfiguration replaces a bucket's whole configuration.
 *
 * <p>S3 counts from an object's last write and in whole days (rounded up here). An original shared by
 * several records (identical bytes) is written again by every upload, so it outlives its newest
 * reference. A record given a later {@code expiresAt} than the default would lose its bytes to the
 * rule first: write the rule only where every image lives by the default.
 *
 * <p>The same goes for uploads: a rule that aborts multipart uploads left unfinished under
 * {@code uploads/} and expires the objects sent there, the backstop behind Pixflow's own reaper.
 */
public final class S3BucketLifecycle {
    static final String RULE_ID = "pixflow-default-ttl";
    static final String UPLOADS_RULE_ID = "pixflow-unfinished-uploads";

    private final S3AsyncClient s3;
    private final S3Settings settings;

    public S3BucketLifecycle(S3AsyncClient s3, S3Settings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    /** Writes (or replaces) Pixflow's rule on the originals' and the renditions' prefixes. */
    public void expireAfter(Duration ttl) {
        int days = days(ttl);
        Map<String, List<String>> prefixesByBucket = new LinkedHashMap<>();
        prefixesByBucket.computeIfAbsent(settings.originalsBucket(), b -> new ArrayList<>()).add("originals/");
        prefixesByBucket.computeIfAbsent(settings.renditionsBucket(), b -> new ArrayList<>()).add("renditions/");
        prefixesByBucket.forEach((bucket, prefixes) -> {
            List<LifecycleRule> rules = merged(rules(bucket), prefixes, days);
            s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket)
                    .lifecycleConfiguration(BucketLifecycleConfiguration.builder().rules(rules).build())).join();
        });
    }

    /**
     * Writes (or replaces) the rule that aborts multipart uploads unfinished {@code after} their start,
     * and deletes what an upload left under {@code uploads/} as long after: Pixflow's reaper does both
     * when an upload expires, this is for when none is running. Keeps the bucket's other rules.
     */
    public void abortUnfinishedUploads(Duration after) {
        String bucket = settings.originalsBucket();
        List<LifecycleRule> rules = new ArrayList<>(others(rules(bucket), UPLOADS_RULE_ID));
        rules.add(unfinishedUploads(days(after)));
        s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket)
                .lifecycleConfiguration(BucketLifecycleConfiguration.builder().rules(rules).build())).join();
    }

    static LifecycleRule unfinishedUploads(int days) {
        return LifecycleRule.builder().id(UPLOADS_RULE_ID).filter(LifecycleRuleFilter.builder().prefix(S3PartStore.PREFIX).build())
                .status(ExpirationStatus.ENABLED)
                .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(days))
                .expiration(e -> e.days(days))
                .build();
    }

    /** The rules not Pixflow's of this kind. */
    static List<LifecycleRule> others(List<LifecycleRule> existing, String idPrefix) {
        return existing.stream().filter(r -> r.id() == null || !r.id().startsWith(idPrefix)).toList();
    }

    /** The bucket's other rules, then Pixflow's, one per prefix, replacing any it wrote before. */
    static List<LifecycleRule> merged(List<LifecycleRule> existing, List<String> prefixes, int days) {
        List<LifecycleRule> rules = new ArrayList<>(others(existing, RULE_ID));
        for (String prefix : prefixes) {
            rules.add(LifecycleRule.builder().id(RULE_ID + "-" + prefix.replace("/", ""))
                    .filter(LifecycleRuleFilter.builder().prefix(prefix).build())
                    .status(ExpirationStatus.ENABLED)
                    .expiration(e -> e.days(days))
                    .build());
        }
        return rules;
    }

    public List<LifecycleRule> rules(String bucket) {
        try {
            return s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).join().rules();
        } catch (CompletionException e) {
            if (e.getCause() instanceof S3Exception s3e && "NoSuchLifecycleConfiguration".equals(
                    s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorCode())) {
                return List.of();
            }
            throw e;
        }
    }

    static int days(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a time to live must be positive: " + ttl);
        }
        long whole = ttl.toDays();
        long days = ttl.equals(Duration.ofDays(whole)) ? whole : whole + 1;
        return (int) Math.min(Integer.MAX_VALUE, days);
    }
}
