package dev.pixflow.core.domain;

/** How a resize fits the target box. */
public enum Fit {
    /** Scale to fit within the box, keeping the aspect ratio. */
    INSIDE,
    /** Scale to cover the box, then crop to it. */
    COVER
}
