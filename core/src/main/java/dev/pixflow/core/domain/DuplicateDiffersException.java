package dev.pixflow.core.domain;

import dev.pixflow.core.media.ImageId;

import java.util.List;

/**
 * An upload of bytes its owner already has, which asks for what that image is not (private, another
 * title, an expiry...). Answering with the image as it is would drop what was asked without a word (a
 * photo meant to be private would stay public), and changing it would edit an image through an upload:
 * the owner edits it, or asks for an image of its own.
 */
public class DuplicateDiffersException extends RuntimeException {
    private final ImageId existing;
    private final List<String> fields;

    public DuplicateDiffersException(ImageId existing, List<String> fields) {
        super("these bytes are already image " + existing + ", whose " + String.join(", ", fields)
                + (fields.size() == 1 && !fields.getFirst().equals("tags") ? " differs" : " differ") + " from this upload's; edit it (PATCH), or send allowDuplicate=true for an image of its own");
        this.existing = existing;
        this.fields = List.copyOf(fields);
    }

    public ImageId existing() {
        return existing;
    }

    public List<String> fields() {
        return fields;
    }
}
