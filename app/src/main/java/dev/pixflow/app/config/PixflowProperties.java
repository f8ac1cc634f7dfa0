package dev.pixflow.app.config;

import dev.pixflow.core.delivery.SigningKey;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.recipe.RenditionLimits;
import dev.pixflow.core.usecase.RenditionSettings;
import dev.pixflow.core.usecase.UploadLimits;
import dev.pixflow.core.usecase.VariantCatalogue;
import dev.pixflow.engine.vips.VipsSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
        @DefaultValue Limits limits,
        List<Variant> variants) {

    public VariantCatalogue variantCatalogue() {
        return variants == null || variants.isEmpty()
                ? VariantCatalogue.defaults()
                : new VariantCatalogue(variants.stream().map(Variant::toVariant).toList());
    }

    /** The input pixel limit is the upload's, so one setting governs both. */
    public RenditionSettings renditionSettings() {
        return new RenditionSettings(new RenditionLimits(upload.maxPixels(), limits.maxFrames(), limits.maxOutputSide()),
                Optional.ofNullable(engine.logo()));
    }

    /**
     * @param maxFrames     frames of an animation kept through a render (over it: the first frame only)
     * @param maxOutputSide largest width or height a recipe may make; over it: 422 before any decode
     */
    public record Limits(@DefaultValue("300") int maxFrames, @DefaultValue("16384") int maxOutputSide) {
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

    /**
     * The delivery role: renders on requests, signed URLs, caches, CDN origin mode.
     *
     * @param renderSlots         renders (and upload checks) at once on request threads; 0 means one per core
     * @param renderWait          how long a request waits for a slot before 429
     * @param keys                hex HMAC keys of signed URLs, the first signing, all accepted (rotation);
     *                            none: unsigned URLs are accepted (development)
     * @param salts               hex salts, one per key in the same order (imgproxy's scheme)
     * @param publicBaseUrl       the CDN's base URL: every delivery URL in API records starts with it
     * @param resultCache         store transformation results so the next request is a read
     * @param memoryCache         bytes of small renditions kept in memory
     * @param memoryCacheMaxEntry largest rendition kept in memory
     * @param signedUrlTtl        lifetime of the signed URLs that API records give for private images
     */
    public record Delivery(@DefaultValue("0") int renderSlots, @DefaultValue("5s") Duration renderWait,
                           List<String> keys, List<String> salts, String publicBaseUrl,
                           @DefaultValue("true") boolean resultCache,
                           @DefaultValue("64MB") DataSize memoryCache,
                           @DefaultValue("256KB") DataSize memoryCacheMaxEntry,
                           @DefaultValue("1h") Duration signedUrlTtl,
                           @DefaultValue("5s") Duration lookupCacheTtl,
                           @DefaultValue("100000") long lookupCacheImages) {
        public int slots() {
            return renderSlots > 0 ? renderSlots : Runtime.getRuntime().availableProcessors();
        }

        /** Keys paired with salts by position; a key without a salt is refused, as a likely slip. */
        public List<SigningKey> signingKeys() {
            List<String> k = keys == null ? List.of() : keys.stream().filter(s -> !s.isBlank()).toList();
            List<String> s = salts == null ? List.of() : salts.stream().filter(x -> !x.isBlank()).toList();
            if (k.size() != s.size()) {
                throw new IllegalStateException("pixflow.delivery.keys and pixflow.delivery.salts must pair up: "
                        + k.size() + " keys, " + s.size() + " salts");
            }
            List<SigningKey> out = new java.util.ArrayList<>();
            for (int i = 0; i < k.size(); i++) {
                out.add(SigningKey.hex(k.get(i), s.get(i)));
            }
            return out;
        }
    }

    /**
     * @param vipsConcurrency threads libvips may use inside one render; workers already render in parallel
     * @param logo            the image recipes name as {@code wm:logo}
     * @param fontDir         the DejaVu font files of text overlays
     */
    public record Engine(@DefaultValue("1") int vipsConcurrency, Path logo,
                         @DefaultValue("/usr/share/fonts/truetype/dejavu") Path fontDir) {
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
