package dev.pixflow.engine.vips.testing;

import java.util.function.Predicate;

/** An 8-bit image's pixels in memory, for checking regions the way an eye would scan them. */
public record Pixels(int width, int height, int bands, byte[] data) {

    public Rgb at(int x, int y) {
        int i = (y * width + x) * bands;
        if (bands < 3) {
            int grey = data[i] & 0xff;
            return new Rgb(grey, grey, grey);
        }
        return new Rgb(data[i] & 0xff, data[i + 1] & 0xff, data[i + 2] & 0xff);
    }

    public int alpha(int x, int y) {
        return bands == 2 || bands == 4 ? data[(y * width + x) * bands + bands - 1] & 0xff : 255;
    }

    /** How many pixels of the rectangle match. */
    public int count(int left, int top, int w, int h, Predicate<Rgb> test) {
        int n = 0;
        for (int y = top; y < top + h; y++) {
            for (int x = left; x < left + w; x++) {
                if (test.test(at(x, y))) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The smallest rectangle holding every matching pixel, as {x, y, width, height}; null when none match. */
    public int[] bounds(Predicate<Rgb> test) {
        int minX = width, minY = height, maxX = -1, maxY = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (test.test(at(x, y))) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? null : new int[]{minX, minY, maxX - minX + 1, maxY - minY + 1};
    }
}
