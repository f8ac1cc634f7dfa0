package dev.pixflow.core.recipe;

import dev.pixflow.core.media.InvalidInputException;

/**
 * What a crop keeps: a rectangle at a given place, a size placed by gravity, or the largest region of
 * an aspect ratio placed by gravity. Sizes larger than the image are cut to it.
 */
public sealed interface CropArea {

    record Rectangle(int x, int y, int width, int height) implements CropArea {
        public Rectangle {
            Op.side("x", x, true);
            Op.side("y", y, true);
            Op.side("width", width, false);
            Op.side("height", height, false);
        }
    }

    record Box(int width, int height) implements CropArea {
        public Box {
            Op.side("width", width, false);
            Op.side("height", height, false);
        }
    }

    record Aspect(int width, int height) implements CropArea {
        public Aspect {
            if (width < 1 || height < 1 || width > 1000 || height > 1000) {
                throw new InvalidInputException("aspect", "an aspect ratio is two whole numbers in 1..1000, such as 16:9");
            }
        }
    }
}
