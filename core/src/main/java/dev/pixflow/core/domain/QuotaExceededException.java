package dev.pixflow.core.domain;

/**
 * An upload that would take its owner past a quota: refused before anything of it is stored, as any
 * other refused upload. It says which quota and the numbers, so a client can tell how much to free.
 *
 * @see dev.pixflow.core.port.StorageQuota
 */
public final class QuotaExceededException extends RejectedImageException {
    /** The bytes an owner's images may take together ({@code pixflow.security.limits.stored-bytes}). */
    public static final String STORED_BYTES = "stored-bytes";

    private final String quota;
    private final long limit;
    private final long used;
    private final long requested;

    public QuotaExceededException(String quota, long limit, long used, long requested) {
        super(Reason.OVER_QUOTA, requested == 0
                ? "the owner's images take %d bytes, over the quota of %d (%s): delete some first".formatted(used, limit, quota)
                : "%d bytes more would take the owner's images to %d bytes, over the quota of %d (%s); %d bytes are in use"
                .formatted(requested, used + requested, limit, quota, used));
        this.quota = quota;
        this.limit = limit;
        this.used = used;
        this.requested = requested;
    }

    public String quota() {
        return quota;
    }

    public long limit() {
        return limit;
    }

    /** What the owner has already, counting uploads of theirs being stored right now. */
    public long used() {
        return used;
    }

    public long requested() {
        return requested;
    }
}
