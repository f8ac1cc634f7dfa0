package dev.pixflow.adapter.blob.s3;

import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Lets web pages of the given origins send uploads straight to the originals bucket: a CORS rule for
 * PUTs with any header (the signed ones differ by request), exposing the ETag that a multipart client
 * reads from each part's answer. The rule is Pixflow's own (by id); the bucket's others are kept, since
 * PutBucketCors replaces a bucket's whole configuration.
 */
public final class S3BucketCors {
    static final String RULE_ID = "pixflow-direct-uploads";

    private final S3AsyncClient s3;
    private final S3Settings settings;

    public S3BucketCors(S3AsyncClient s3, S3Settings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    public void allowUploadsFrom(List<String> origins) {
        String bucket = settings.originalsBucket();
        List<CORSRule> rules = merged(rules(bucket), origins);
        s3.putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(rules))).join();
    }

    static List<CORSRule> merged(List<CORSRule> existing, List<String> origins) {
        List<CORSRule> rules = new ArrayList<>(existing.stream().filter(r -> !RULE_ID.equals(r.id())).toList());
        rules.add(CORSRule.builder().id(RULE_ID).allowedOrigins(origins).allowedMethods("PUT").allowedHeaders("*")
                .exposeHeaders("ETag", "x-amz-checksum-sha256").maxAgeSeconds(3600).build());
        return rules;
    }

    public List<CORSRule> rules(String bucket) {
        try {
            return s3.getBucketCors(b -> b.bucket(bucket)).join().corsRules();
        } catch (CompletionException e) {
            if (e.getCause() instanceof S3Exception s3e && "NoSuchCORSConfiguration".equals(
                    s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorCode())) {
                return List.of();
            }
            throw e;
        }
    }
}
