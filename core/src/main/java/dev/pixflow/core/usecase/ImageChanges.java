package dev.pixflow.core.usecase;

import dev.pixflow.core.media.ImageId;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Tells this process's caches that an image was changed or removed here, right after the store has it,
 * so what they hold of it is dropped at once. Other processes' changes are not seen here: those caches
 * bound their staleness by a time to live instead.
 */
public final class ImageChanges {
    private final List<Consumer<ImageId>> listeners = new CopyOnWriteArrayList<>();

    public void onChange(Consumer<ImageId> listener) {
        listeners.add(listener);
    }

    public void changed(ImageId id) {
        for (Consumer<ImageId> listener : listeners) {
            listener.accept(id);
        }
    }
}
