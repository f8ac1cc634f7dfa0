package dev.pixflow.app.config;

import dev.pixflow.core.delivery.OriginalMetadata;
import dev.pixflow.core.delivery.SigningKey;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.domain.RenditionLimits;
import dev.pixflow.core.usecase.RenditionSettings;
import dev.pixflow.core.usecase.UploadLimits;
import dev.pixflow.core.usecase.VariantCatalogue;
import dev.pixflow.engine.vips.VipsSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything directly under {@code pixflow.*} (topics with many settings of their own, such as
 * {@code pixflow.multipart} or {@code pixflow.security}, have their own classes). The embedded defaults
 * need none of it set.
 *
 * @param dataDir  where blobs and the embedded database live ({@code PIXFLOW_DATA_DIR})
 * @param variants the named variants every upload is rendered to, each a {@code name} and a {@code recipe}
 *                 in the text form ({@code pixflow.variants[0].name=thumb},
 *                 {@code pixflow.variants[0].recipe=w:256,h:256,fit:cover,g:smart,q:80}), or the short form
 *                 {@code width}, {@code height}, {@code fit} ({@code inside}), {@code smart-crop}
 *                 ({@code false}), {@code quality} ({@code 82}); none: {@code thumb}, {@code medium} and
 *                 {@code large}
 * @param storage  where originals and renditions are kept
 * @param metadata where the catalogue is kept
 */
@ConfigurationProperties("pixflow")
public record PixflowProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Upload upload,
        @DefaultValue Worker worker,
        @DefaultValue Queue queue,
        @DefaultValue Delivery delivery,
        @DefaultValue Engine engine,
        @DefaultValue Limits limits,
        List<Variant> variants,
        @DefaultValue Storage storage,
        @DefaultValue Metadata metadata) {

    /** An optional setting's value: blank (as an empty environment variable gives) is absent. */
    public static Optional<String> optional(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    public VariantCatalogue variantCatalogue() {
        return variants == null || variants.isEmpty()
                ? VariantCatalogue.defaults()
                : new VariantCatalogue(variants.stream().map(Variant::toVariant).toList());
    }

    /** The input pixel limit is the upload's, so one setting governs both. */
    public RenditionSettings renditionSettings() {
        return new RenditionSettings(new RenditionLimits(upload.maxPixels(), limits.maxFrames(), limits.maxOutputSide()),
                Optional.ofNullable(engine.logo()), engine.renderDeadline());
    }

    /**
     * @param maxFrames     frames of an animation kept through a render (over it: the first frame only)
     * @param maxOutputSide largest width or height a recipe may make; over it: 422 before any decode
     * @param maxRenditions names of renditions asked for by recipe that one image may hold, removed ones included
     *                      (each keeps its name); a request under one more name is a 409
     */
    public record Limits(@DefaultValue("300") int maxFrames, @DefaultValue("16384") int maxOutputSide,
                         @DefaultValue("100") int maxRenditions) {
    }

    /**
     * @param maxBytes  the largest synchronous upload (a larger body is refused with 413)
     * @param maxPixels the largest width x height accepted, read from the header before any decode; also the
     *                  input limit of every render, and of what a recipe asked for may make; an animated output
     *                  whose frames together would hold more keeps its first frame only
     */
    public record Upload(@DefaultValue("100MB") DataSize maxBytes, @DefaultValue("100000000") long maxPixels) {
        /** A limit of none would refuse every upload, with an answer that names a negative size. */
        public Upload {
            Settings.positive("pixflow.upload.max-bytes", maxBytes.toBytes());
            Settings.positive("pixflow.upload.max-pixels", maxPixels);
        }

        public UploadLimits limits() {
            return new UploadLimits(maxBytes.toBytes(), maxPixels);
        }
    }

    /**
     * @param enabled       run the render workers in this process (with the {@code worker} role)
     * @param concurrency   render threads; 0 means two per core
     * @param idlePoll      how often an idle worker looks for retries coming due and leases that ran out (a
     *                      commit wakes it at once)
     * @param shutdownGrace on stop, how long the renders in hand may finish before the jobs still running are
     *                      released to other workers
     */
    public record Worker(@DefaultValue("true") boolean enabled, @DefaultValue("0") int concurrency,
                         @DefaultValue("1s") Duration idlePoll, @DefaultValue("30s") Duration shutdownGrace) {
        public Worker {
            Settings.atLeast("pixflow.worker.concurrency", concurrency, 0);
            Settings.positive("pixflow.worker.idle-poll", idlePoll);
            Settings.notNegative("pixflow.worker.shutdown-grace", shutdownGrace);
        }

        /** Two per core unless set: with one render per core part of the cores stayed idle (ARCHITECTURE.md, Memory budget). */
        public int threads() {
            return concurrency > 0 ? concurrency : 2 * Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * @param type        where jobs wait: {@code sqlite} (the embedded database) or {@code sqs} (Amazon SQS or
     *                    an SQS-compatible server)
     * @param maxAttempts tries before a job is dead; on SQS, the redrive policy's {@code maxReceiveCount} wins
     *                    when the queue has one
     * @param lease       how long a worker holds a job before another may take it (extended while rendering);
     *                    on SQS the visibility timeout of a received job
     */
    public record Queue(@DefaultValue("sqlite") Backends.Queue type, @DefaultValue("5") int maxAttempts,
                        @DefaultValue("60s") Duration lease, @DefaultValue Sqs sqs) {
        /** A lease of none hands every job to every worker at once. */
        public Queue {
            Settings.atLeast("pixflow.queue.max-attempts", maxAttempts, 1);
            Settings.positive("pixflow.queue.lease", lease);
        }
    }

    /**
     * The jobs queue and its dead-letter queue by URL, or by name with {@code create=true}.
     *
     * @param queueUrl           the jobs queue (with a redrive policy to the dead-letter queue)
     * @param deadLetterQueueUrl the jobs queue's dead-letter queue
     * @param create             create both queues ({@code queue-name} and {@code queue-name-dead}, redrive after
     *                           {@code pixflow.queue.max-attempts} receives) instead of naming them: for development
     * @param queueName          name of the jobs queue that {@code create} makes
     * @param region             AWS region of the queues
     * @param endpoint           an SQS-compatible server's URL (ElasticMQ); none: AWS
     * @param accessKey          explicit credentials; none: the AWS SDK's default chain
     * @param secretKey          the secret of {@code access-key}
     * @param longPoll           how long one receive waits for a job (0 to 20 s)
     * @param relayPoll          how often the outbox is checked for jobs left by a process that died
     */
    public record Sqs(URI queueUrl, URI deadLetterQueueUrl, @DefaultValue("false") boolean create,
                      @DefaultValue("pixflow-jobs") String queueName, @DefaultValue("us-east-1") String region,
                      URI endpoint, String accessKey, String secretKey, @DefaultValue("10s") Duration longPoll,
                      @DefaultValue("1s") Duration relayPoll) {
    }

    /**
     * @param type where originals and renditions are kept: {@code fs} (the data directory) or {@code s3} (S3 or
     *             an S3-compatible server)
     */
    public record Storage(@DefaultValue("fs") Backends.Storage type, @DefaultValue S3 s3) {
    }

    /**
     * The buckets on S3 or an S3-compatible server.
     *
     * @param originalsBucket        bucket of the originals ({@code originals/sha256/ab/cd/{sha256}}: content
     *                               addressed)
     * @param renditionsBucket       bucket of the renditions ({@code renditions/{id}/...}) and the analytics
     *                               export; none: the originals bucket (the prefixes keep them apart)
     * @param region                 AWS region of the buckets
     * @param endpoint               an S3-compatible server's URL (MinIO, Ceph, R2); none: AWS
     * @param pathStyle              put the bucket in the path, as most S3-compatible servers want
     * @param sse                    server-side encryption of every object written: {@code AES256} or
     *                               {@code aws:kms}; none: the bucket's default
     * @param kmsKeyId               the KMS key id of {@code aws:kms} encryption (optional)
     * @param renditionsStorageClass storage class of renditions, e.g. {@code STANDARD_IA} (they can be rebuilt
     *                               from the original); none: {@code STANDARD}
     * @param accessKey              explicit credentials, as an S3-compatible server may need; none: the AWS
     *                               SDK's default chain (environment, profile, web identity, container or
     *                               instance role)
     * @param secretKey              the secret of {@code access-key}
     * @param multipartThreshold     objects larger than this are uploaded in parts, streamed from disk
     * @param partSize               the size of each part of such an upload
     * @param incomingQueueUrl       the SQS queue the originals bucket sends its ObjectCreated events to: objects
     *                               written under {@code incoming-prefix} then become images (needs
     *                               {@code pixflow.queue.type=sqs}); none: off
     * @param publicEndpoint         the S3 endpoint as clients reach it, for the presigned requests that send
     *                               uploads straight to the bucket, where it differs from {@code endpoint} (an
     *                               S3-compatible server behind another name); none: {@code endpoint}, or AWS
     * @param incomingPrefix         objects written under this prefix of the originals bucket become images
     * @param incomingOwner          whose images objects written into the bucket become (the bucket has no API
     *                               key; {@code anonymous} is the owner of uploads made while no key exists)
     */
    public record S3(String originalsBucket, String renditionsBucket, @DefaultValue("us-east-1") String region,
                     URI endpoint, @DefaultValue("false") boolean pathStyle, String sse, String kmsKeyId,
                     String renditionsStorageClass, String accessKey, String secretKey,
                     @DefaultValue("16MB") DataSize multipartThreshold, @DefaultValue("8MB") DataSize partSize,
                     URI incomingQueueUrl, @DefaultValue("incoming/") String incomingPrefix,
                     @DefaultValue("anonymous") String incomingOwner, URI publicEndpoint) {
    }

    /**
     * @param type where the catalogue lives: {@code sqlite} (the embedded database), {@code postgres} or
     *             {@code dynamodb} (both need {@code pixflow.queue.type=sqs}; DynamoDB's settings are
     *             {@code pixflow.metadata.dynamodb.*})
     */
    public record Metadata(@DefaultValue("sqlite") Backends.Catalogue type, @DefaultValue Postgres postgres) {
    }

    /**
     * @param url      JDBC URL of the PostgreSQL database ({@code jdbc:postgresql://db:5432/pixflow})
     * @param user     PostgreSQL user
     * @param password PostgreSQL password
     * @param poolSize database connections per process
     */
    public record Postgres(String url, String user, String password, @DefaultValue("10") int poolSize) {
    }

    /**
     * The delivery role: renders on requests, signed URLs, caches, CDN origin mode.
     *
     * @param renderSlots         renders (and upload checks) at once on request threads; 0 means one more than
     *                            the cores
     * @param renderWait          how long a request waits for a slot before 429
     * @param keys                hex HMAC keys of signed URLs, the first signing, all accepted (rotation);
     *                            none: unsigned URLs are accepted (development)
     * @param salts               hex salts, one per key in the same order (imgproxy's scheme)
     * @param publicBaseUrl       the CDN's base URL: every delivery URL in API records starts with it
     * @param resultCache         store transformation results so the next request is a read
     * @param memoryCache         bytes of small renditions kept in memory
     * @param memoryCacheMaxEntry largest rendition kept in memory
     * @param signedUrlTtl        lifetime of the signed URLs that API records give for private images
     * @param lookupCacheTtl      how long a delivery process keeps an image's lookup (record, rendition, stored
     *                            file's size and time): another process's delete or edit is seen within it;
     *                            {@code 0s} keeps none
     * @param lookupCacheImages   how many images' lookups a delivery process keeps
     * @param originalMetadata    what an original carries for anyone but its owner: {@code personal-removed}
     *                            (no GPS position, serial numbers, maker notes, XMP or IPTC; the pixels
     *                            untouched) or {@code as-uploaded} (archives that serve files unchanged)
     * @param listenerPort        a port for the delivery listener, an event-loop server that answers kept
     *                            renditions and results itself and forwards every other request to this
     *                            process's own controllers; -1 (none) serves delivery on the server's port only
     * @param listenerThreads     the delivery listener's event loops; 0 means one per core
     */
    public record Delivery(@DefaultValue("0") int renderSlots, @DefaultValue("5s") Duration renderWait,
                           List<String> keys, List<String> salts, String publicBaseUrl,
                           @DefaultValue("true") boolean resultCache,
                           @DefaultValue("64MB") DataSize memoryCache,
                           @DefaultValue("256KB") DataSize memoryCacheMaxEntry,
                           @DefaultValue("1h") Duration signedUrlTtl,
                           @DefaultValue("5s") Duration lookupCacheTtl,
                           @DefaultValue("100000") long lookupCacheImages,
                           @DefaultValue("personal-removed") OriginalMetadata originalMetadata,
                           @DefaultValue("-1") int listenerPort,
                           @DefaultValue("0") int listenerThreads) {
        public Delivery {
            Settings.atLeast("pixflow.delivery.render-slots", renderSlots, 0);
            Settings.notNegative("pixflow.delivery.render-wait", renderWait);
            Settings.atLeast("pixflow.delivery.listener-threads", listenerThreads, 0);
            // Links given already expired would make a private image's record show what no one can open.
            Settings.positive("pixflow.delivery.signed-url-ttl", signedUrlTtl);
        }

        public int listenerLoops() {
            return listenerThreads > 0 ? listenerThreads : Runtime.getRuntime().availableProcessors();
        }

        /**
         * One more slot than cores by default: with one render per core part of the cores stayed idle
         * (ARCHITECTURE.md, Back-pressure).
         */
        public int slots() {
            return renderSlots > 0 ? renderSlots : Runtime.getRuntime().availableProcessors() + 1;
        }

        /** Keys paired with salts by position; a key without a salt is refused, as a likely slip. */
        public List<SigningKey> signingKeys() {
            try {
                return SigningKey.pairs(keys == null ? List.of() : keys, salts == null ? List.of() : salts);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("pixflow.delivery.keys and pixflow.delivery.salts: " + e.getMessage(), e);
            }
        }
    }

    /**
     * @param vipsConcurrency threads libvips may use inside one render; workers already render in parallel
     * @param logo            the image recipes name as {@code wm:logo}
     * @param fontDir         the DejaVu font files of text overlays
     * @param renderDeadline  how long one render may take: a worker's job from when it was taken, a render on a
     *                        request from when it got its slot; past it the render stops at its next step (or
     *                        in the middle of one) and fails: the job is retried, then dead-lettered, and its
     *                        lease is no longer extended; the request gets 503
     */
    public record Engine(@DefaultValue("1") int vipsConcurrency, Path logo,
                         @DefaultValue("/usr/share/fonts/truetype/dejavu") Path fontDir,
                         @DefaultValue("30s") Duration renderDeadline) {
        public VipsSettings vipsSettings() {
            return new VipsSettings(vipsConcurrency, 0, 0, fontDir);
        }
    }

    /**
     * A named variant: a {@code recipe} in the text form, or the short form of a box
     * ({@code width}, {@code height}, {@code fit}, {@code smart-crop}, {@code quality}).
     */
    public record Variant(String name, String recipe, Integer width, Integer height, @DefaultValue("inside") String fit,
                          @DefaultValue("false") boolean smartCrop, @DefaultValue("82") int quality) {
        dev.pixflow.core.recipe.Variant toVariant() {
            if (recipe != null && !recipe.isBlank()) {
                return new dev.pixflow.core.recipe.Variant(name, Recipe.parse(recipe));
            }
            String box = "w:%d,h:%d".formatted(width == null ? 0 : width, height == null ? 0 : height)
                    + ("inside".equals(fit) ? "" : ",fit:" + fit) + (smartCrop ? ",g:smart" : "") + ",q:" + quality;
            return new dev.pixflow.core.recipe.Variant(name, Recipe.parse(box));
        }
    }
}
