package dev.pixflow.app.lifecycle;

import dev.pixflow.adapter.blob.s3.S3BlobStore;
import dev.pixflow.adapter.blob.s3.S3BucketLifecycle;
import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.Role;
import dev.pixflow.core.port.BlobReferences;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.Expirations;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.SweepTurns;
import dev.pixflow.core.port.Telemetry;
import dev.pixflow.core.usecase.ExpireImages;
import dev.pixflow.core.usecase.Lifecycle;
import dev.pixflow.core.usecase.SweepOrphans;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.Optional;

/**
 * Expiry: the default time to live given to uploads, the sweeper that removes what expired (in every
 * process with the upload role: sweeps may overlap, each removal happens once), and optionally the S3
 * bucket rule that mirrors the default.
 */
@Configuration(proxyBeanMethods = false)
public class LifecycleWiring {

    @Bean
    Lifecycle lifecycle(LifecycleProperties props) {
        return new Lifecycle(Optional.ofNullable(props.defaultTtl()));
    }

    @Bean
    ExpireImages expireImages(ImageRecords records, Expirations expirations, BlobStore blobs, Clock clock,
                              Telemetry telemetry, LifecycleProperties props) {
        return new ExpireImages(records, expirations, blobs, clock, telemetry, props.sweepBatch());
    }

    @Bean
    @ConditionalOnRole(Role.UPLOAD)
    LifecycleSweeper lifecycleSweeper(ExpireImages expire, LifecycleProperties props, SweepTurns turns, Clock clock) {
        return new LifecycleSweeper(expire, props.sweepInterval(), turns, clock);
    }

    @Bean
    SweepOrphans sweepOrphans(BlobStore blobs, ImageRecords records, BlobReferences references, Clock clock,
                              Telemetry telemetry, LifecycleProperties props) {
        return new SweepOrphans(blobs, records, references, clock, telemetry, props.orphanGrace(), props.orphanSweepPage());
    }

    /** In the worker role: the fleet that writes renditions also clears what crashes left behind. */
    @Bean
    @ConditionalOnRole(Role.WORKER)
    OrphanSweeper orphanSweeper(SweepOrphans sweep, LifecycleProperties props, SweepTurns turns, Clock clock) {
        return new OrphanSweeper(sweep, props.orphanSweepInterval(), turns, clock);
    }

    /** At start: S3 expires objects too, a backstop for when no Pixflow process is left to sweep. */
    @Bean
    @ConditionalOnProperty(name = "pixflow.lifecycle.bucket-rule", havingValue = "true")
    ApplicationRunner bucketLifecycleRule(ObjectProvider<S3BlobStore> s3, LifecycleProperties props) {
        return args -> {
            S3BlobStore blobs = s3.getIfAvailable();
            if (blobs == null || props.defaultTtl() == null) {
                LoggerFactory.getLogger(LifecycleWiring.class).warn(
                        "pixflow.lifecycle.bucket-rule needs pixflow.storage.type=s3 and a default-ttl: no rule written");
                return;
            }
            new S3BucketLifecycle(blobs.client(), blobs.settings()).expireAfter(props.defaultTtl());
        };
    }
}
