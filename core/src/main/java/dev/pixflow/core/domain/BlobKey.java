package dev.pixflow.core.domain;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.media.ImageFormat;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A key in the blob store. Keys are built only by the server from ids and recipe hashes, so a client
 * file name can never become a path; the constructor still refuses anything that could escape a root.
 */
public record BlobKey(String value) {
    // '=' is allowed inside a segment for the analytics export's Hive-style partitions (day=2026-11-21).
    private static final Pattern SAFE = Pattern.compile("[a-z0-9][a-z0-9._=-]*(/[a-z0-9][a-z0-9._=-]*)*");

    public BlobKey {
        if (value == null || !SAFE.matcher(value).matches() || value.contains("..")) {
            throw new IllegalArgumentException("unsafe blob key: " + value);
        }
    }

    /**
     * Where originals lived before they were content addressed ({@link #content}); records made then
     * keep these keys.
     */
    public static BlobKey original(ImageId id, Instant createdAt) {
        LocalDate day = LocalDate.ofInstant(createdAt, ZoneOffset.UTC);
        return new BlobKey("originals/%04d/%02d/%02d/%s".formatted(day.getYear(), day.getMonthValue(), day.getDayOfMonth(), id));
    }

    /**
     * Originals are content addressed: identical bytes have one key, so they are stored once and shared
     * by every record that holds them (the catalogue counts the references). Two levels of fan-out keep
     * directories small on a file system.
     */
    public static BlobKey content(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return new BlobKey("originals/sha256/%s/%s/%s".formatted(sha256.substring(0, 2), sha256.substring(2, 4), sha256));
    }

    /** Renditions live under the image id, named by variant and recipe hash, so a repeated job overwrites. */
    public static BlobKey rendition(ImageId id, String variant, String recipeHash, ImageFormat format) {
        return new BlobKey("renditions/%s/%s-%s.%s".formatted(id, variant, recipeHash, format.extension()));
    }

    /**
     * One day of an analytics table, in the Hive-style layout query engines read straight from S3
     * ({@code analytics/images/day=2026-11-21/images-2026-11-21.parquet}). The name depends on the day
     * alone, so exporting a day again replaces its file.
     */
    public static BlobKey analytics(String table, LocalDate day, String extension) {
        return new BlobKey("%s%s/day=%s/%s-%s.%s".formatted(ANALYTICS_PREFIX, table, day, table, day, extension));
    }

    /** Where the analytics export writes; nothing else in Pixflow writes or deletes under it. */
    public static final String ANALYTICS_PREFIX = "analytics/";

    public static String renditionPrefix(ImageId id) {
        return "renditions/" + id + "/";
    }

    @Override
    public String toString() {
        return value;
    }
}
