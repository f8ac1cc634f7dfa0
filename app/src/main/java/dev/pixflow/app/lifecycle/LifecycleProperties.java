package dev.pixflow.app.lifecycle;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How long images live ({@code pixflow.lifecycle.*}).
 *
 * @param defaultTtl    an image uploaded without {@code expiresAt} expires this long after its upload
 *                      (ISO-8601 such as {@code P7D}, or {@code 12h}); none: images live until deleted
 * @param sweepInterval how often expired images are looked for and removed, once for all upload processes
 * @param sweepBatch    images removed per batch
 * @param bucketRule    with S3 storage and a default TTL, write the equivalent bucket lifecycle rule at start
 * @param orphanGrace   an original no record holds is deleted only when it and its last reference are older
 *                      than this; far longer than an upload takes between writing its bytes and its record
 * @param orphanSweepInterval how often orphaned originals and renditions are looked for, once for all worker processes
 * @param orphanSweepPage     blob keys listed (and checked against the catalogue) per page
 */
@ConfigurationProperties("pixflow.lifecycle")
public record LifecycleProperties(Duration defaultTtl, @DefaultValue("1m") Duration sweepInterval,
                                  @DefaultValue("100") int sweepBatch, @DefaultValue("false") boolean bucketRule,
                                  @DefaultValue("24h") Duration orphanGrace, @DefaultValue("1h") Duration orphanSweepInterval,
                                  @DefaultValue("500") int orphanSweepPage) {
}
