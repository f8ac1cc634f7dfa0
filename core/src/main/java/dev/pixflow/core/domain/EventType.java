package dev.pixflow.core.domain;

/** What happened to an image, as told to webhooks, streams and the analytics export. */
public enum EventType {
    IMAGE_STORED("image.stored"),
    RENDITION_READY("rendition.ready"),
    JOB_DEAD("job.dead"),
    IMAGE_EXPIRED("image.expired"),
    IMAGE_DELETED("image.deleted"),
    RENDITION_DELETED("rendition.deleted");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire ({@code rendition.ready}), stable across releases. */
    public String wireName() {
        return wireName;
    }

    public static EventType fromWireName(String name) {
        for (EventType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown event type: " + name);
    }
}
