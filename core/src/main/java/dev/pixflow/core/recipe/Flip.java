package dev.pixflow.core.recipe;

import dev.pixflow.core.media.InvalidInputException;

/** Mirrors the image: {@code horizontal} swaps left and right, {@code vertical} top and bottom. */
public record Flip(boolean horizontal, boolean vertical) implements Op {
    public Flip {
        if (!horizontal && !vertical) {
            throw new InvalidInputException("direction", "a flip is horizontal, vertical or both");
        }
    }

    @Override
    public String name() {
        return "flip";
    }
}
