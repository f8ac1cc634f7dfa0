package dev.pixflow.core.domain;

import java.util.Optional;

/**
 * Who is asking for an image's bytes. Delivery serves anyone a public image; a private one only to its
 * owner's key, or to a request whose signed, expiring URL was verified before it got here.
 */
public record Viewer(Optional<Caller> caller, boolean signedUrl) {
    public static final Viewer ANYONE = new Viewer(Optional.empty(), false);

    public static Viewer of(Caller caller) {
        return new Viewer(Optional.of(caller), false);
    }

    /** A request that carried a valid signature for the image it asks for. */
    public static Viewer signed() {
        return new Viewer(Optional.empty(), true);
    }

    public boolean maySee(ImageRecord image) {
        return image.visibility() == Visibility.PUBLIC || signedUrl || caller.map(c -> c.owns(image)).orElse(false);
    }
}
