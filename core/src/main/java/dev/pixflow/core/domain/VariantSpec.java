package dev.pixflow.core.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A named rendition: a box, how to fit it, and the encoder quality. Never enlarges.
 * Its canonical form is stable and hashed into the storage key, so changing a variant's definition
 * writes new keys instead of serving stale bytes under old ones.
 */
public record VariantSpec(String name, int width, int height, Fit fit, boolean smartCrop, int quality) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    public VariantSpec {
        if (name == null || !NAME.matcher(name).matches() || "original".equals(name)) {
            throw new IllegalArgumentException("variant name must match " + NAME + " and not be 'original': " + name);
        }
        if (width < 1 || height < 1 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("variant " + name + ": width and height must be in 1..16384");
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("variant " + name + ": quality must be in 1..100");
        }
        if (fit == null) {
            throw new IllegalArgumentException("variant " + name + ": fit is required");
        }
    }

    public String canonical() {
        return "w:%d,h:%d,fit:%s,g:%s,q:%d".formatted(width, height, fit.name().toLowerCase(), smartCrop ? "smart" : "centre", quality);
    }

    /** First 16 hex digits of SHA-256 of the canonical form: short, stable, collision-safe per image. */
    public String recipeHash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Output format: WebP keeps transparency, JPEG otherwise. */
    public static ImageFormat outputFormat(boolean sourceHasAlpha) {
        return sourceHasAlpha ? ImageFormat.WEBP : ImageFormat.JPEG;
    }
}
