package dev.pixflow.core.domain;

/**
 * Who is asking, as the API established it: the owner whose images the request may see and change,
 * and whether it may use the operator's endpoints. Every use case that reads or changes an image takes
 * one, so an image of another owner is simply not found.
 */
public record Caller(String owner, boolean admin) {
    /** Images uploaded while no API key exists belong to this owner. */
    public static final String ANONYMOUS = "anonymous";

    /** A server with no key at all (on loopback, or opened on purpose): one user who may do everything. */
    public static final Caller OPEN = new Caller(ANONYMOUS, true);

    public Caller {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("a caller needs an owner");
        }
    }

    public boolean owns(ImageRecord image) {
        return owner.equals(image.owner());
    }

    public boolean owns(MultipartUpload upload) {
        return owner.equals(upload.owner());
    }
}
