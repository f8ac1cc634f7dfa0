package dev.pixflow.core.domain;

/**
 * Where a multipart upload is. {@code COMPLETING} fences a complete in progress from a second complete,
 * a re-sent part or an abort; {@code COMPLETED} is kept until expiry so a complete retried after a lost
 * response answers with the same image instead of a 404 or a second image.
 */
public enum UploadState {
    OPEN, COMPLETING, COMPLETED;

    public String id() {
        return name().toLowerCase();
    }

    public static UploadState fromId(String id) {
        return valueOf(id.toUpperCase());
    }
}
