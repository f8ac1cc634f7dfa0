package dev.pixflow.core.delivery;

/** What an original carries when it is delivered to anyone but its owner ({@code pixflow.delivery.original-metadata}). */
public enum OriginalMetadata {
    /** Without its position and other personal metadata ({@link PersonalMetadata}); the owner gets it as uploaded. */
    PERSONAL_REMOVED,
    /** As uploaded, to everyone who may see it: for archives that must serve the files unchanged. */
    AS_UPLOADED
}
