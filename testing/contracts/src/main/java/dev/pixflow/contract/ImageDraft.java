package dev.pixflow.contract;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.Exif;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.Visibility;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A record for a contract test, with what the test cares about set and the rest plain. */
public final class ImageDraft {
    private final ImageId id;
    private final Instant createdAt;
    private String owner = "anonymous";
    private String filename;
    private ImageFormat format = ImageFormat.JPEG;
    private int width = 640;
    private int height = 480;
    private ImageStatus status = ImageStatus.PROCESSING;
    private String sha256 = "ab".repeat(32);
    private String title;
    private String description;
    private List<String> tags = List.of();
    private String altText;
    private Exif exif = Exif.NONE;
    private Optional<Instant> expiresAt = Optional.empty();

    public ImageDraft(int seq, Instant createdAt) {
        this.id = new ImageId("0190a000-0000-7000-8000-%012d".formatted(seq));
        this.createdAt = createdAt;
        this.filename = "IMG_%04d.jpg".formatted(seq);
    }

    public ImageDraft owner(String v) { owner = v; return this; }
    public ImageDraft filename(String v) { filename = v; return this; }
    public ImageDraft format(ImageFormat v) { format = v; return this; }
    public ImageDraft size(int w, int h) { width = w; height = h; return this; }
    public ImageDraft status(ImageStatus v) { status = v; return this; }
    public ImageDraft sha256(String v) { sha256 = v; return this; }
    public ImageDraft title(String v) { title = v; return this; }
    public ImageDraft description(String v) { description = v; return this; }
    public ImageDraft tags(String... v) { tags = List.of(v); return this; }
    public ImageDraft altText(String v) { altText = v; return this; }
    public ImageDraft exif(Exif v) { exif = v; return this; }
    public ImageDraft expiresAt(Instant v) { expiresAt = Optional.of(v); return this; }

    public ImageRecord build() {
        return new ImageRecord(id, owner, status, filename, format, 1234, width, height, false, sha256,
                BlobKey.content(sha256), new ImageMetadata(title, description, tags, Visibility.PUBLIC, altText),
                createdAt, createdAt, Map.of(), List.of(), exif, expiresAt);
    }
}
