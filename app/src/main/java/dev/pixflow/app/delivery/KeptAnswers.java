package dev.pixflow.app.delivery;

import dev.pixflow.core.delivery.Caching;
import dev.pixflow.core.delivery.TransformUrl;
import dev.pixflow.core.domain.Viewer;
import dev.pixflow.core.media.ImageId;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The kept answer to a plain {@code GET}/{@code HEAD} of {@code /i/{id}/{variant}} or {@code /t/...}
 * ({@link DeliveryLookups}: for {@code /t/}, the URL's checked signature and the stored result), with
 * who may keep it, when one is kept and still serves the viewer. Both ways in that answer without the
 * controllers ask here ({@link DeliveryFastPath} in Tomcat, the delivery listener), so they answer the
 * same requests alike. Empty for anything the controllers must decide: no kept lookup, a malformed
 * path, an escaped character.
 */
public final class KeptAnswers {
    private static final String IMAGES = "/i/";

    /** An answer and who may keep it. */
    public record Kept(Answer answer, Caching caching) {
    }

    private final DeliveryLookups lookups;

    public KeptAnswers(DeliveryLookups lookups) {
        this.lookups = lookups;
    }

    /**
     * @param path   the request's path as sent (undecoded, no query string)
     * @param byKey  who the request's key or token says it is
     * @param accept the request's Accept header, which chooses a negotiated format
     */
    public Optional<Kept> find(String path, Viewer byKey, String accept) {
        if (path.startsWith(IMAGES)) {
            return image(path, IMAGES.length(), byKey);
        }
        if (path.startsWith(TransformUrl.PREFIX)) {
            return transform(path.substring(TransformUrl.PREFIX.length()), byKey, accept);
        }
        return Optional.empty();
    }

    private Optional<Kept> image(String path, int start, Viewer viewer) {
        int slash = path.indexOf('/', start);
        if (slash < 0 || path.indexOf('/', slash + 1) >= 0 || slash + 1 == path.length()) {
            return Optional.empty();
        }
        Optional<ImageId> id = ImageId.parse(path.substring(start, slash));
        String variant = path.substring(slash + 1);
        if (id.isEmpty() || variant.indexOf('%') >= 0 || variant.indexOf(';') >= 0) {
            return Optional.empty();
        }
        return lookups.keptImage(id.get(), variant, viewer)
                .map(a -> new Kept(a, a.found().caching(viewer, OptionalLong.empty())));
    }

    private Optional<Kept> transform(String afterPrefix, Viewer byKey, String accept) {
        Optional<DeliveryLookups.CheckedUrl> url = lookups.checked(afterPrefix);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        return lookups.keptTransform(url.get(), afterPrefix, byKey, accept)
                .map(a -> new Kept(a, a.found().caching(url.get().viewer(byKey), url.get().url().expires())));
    }
}
