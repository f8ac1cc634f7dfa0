package dev.pixflow.app.config;

import dev.pixflow.core.domain.Fit;
import dev.pixflow.core.domain.VariantSpec;
import dev.pixflow.core.usecase.UploadLimits;
import dev.pixflow.core.usecase.VariantCatalogue;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything under {@code pixflow.*}. The embedded defaults need none of it set.
 *
 * @param dataDir where blobs and the embedded database live ({@code PIXFLOW_DATA_DIR})
 */
@ConfigurationProperties("pixflow")
public record PixflowProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Upload upload,
        @DefaultValue Worker worker,
        @DefaultValue Queue queue,
        @DefaultValue Delivery delivery,
        @DefaultValue Engine engine,
        List<Variant> variants) {

    public VariantCatalogue variantCatalogue() {
        return variants == null || variants.isEmpty()
                ? VariantCatalogue.defaults()
                : new VariantCatalogue(variants.stream().map(Variant::toSpec).toList());
    }

    public record Upload(@DefaultValue("104857600") long maxBytes, @DefaultValue("100000000") long maxPixels) {
        public UploadLimits limits() {
            return new UploadLimits(maxBytes, maxPixels);
        }
    }

    /** {@code concurrency} 0 means one worker thread per core. */
    public record Worker(@DefaultValue("true") boolean enabled, @DefaultValue("0") int concurrency,
                         @DefaultValue("1s") Duration idlePoll, @DefaultValue("30s") Duration shutdownGrace) {
        public int threads() {
            return concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors();
        }
    }

    public record Queue(@DefaultValue("5") int maxAttempts, @DefaultValue("60s") Duration lease) {
    }

    /** {@code renderSlots} 0 means one per core. */
    public record Delivery(@DefaultValue("0") int renderSlots, @DefaultValue("5s") Duration renderWait) {
        public int slots() {
            return renderSlots > 0 ? renderSlots : Runtime.getRuntime().availableProcessors();
        }
    }

    /** Threads libvips may use inside one render; workers already render in parallel. */
    public record Engine(@DefaultValue("1") int vipsConcurrency) {
    }

    public record Variant(String name, int width, int height, @DefaultValue("inside") String fit,
                          @DefaultValue("false") boolean smartCrop, @DefaultValue("82") int quality) {
        VariantSpec toSpec() {
            return new VariantSpec(name, width, height, Fit.valueOf(fit.toUpperCase()), smartCrop, quality);
        }
    }
}
