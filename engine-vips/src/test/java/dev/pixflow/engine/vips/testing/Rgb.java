package dev.pixflow.engine.vips.testing;

/** A colour as the eye would name it, 0..255 a channel. */
public record Rgb(int red, int green, int blue) {
    public static final Rgb RED = new Rgb(255, 0, 0);
    public static final Rgb GREEN = new Rgb(0, 255, 0);
    public static final Rgb BLUE = new Rgb(0, 0, 255);
    public static final Rgb WHITE = new Rgb(255, 255, 255);
    public static final Rgb GREY = new Rgb(128, 128, 128);

    /** The largest difference in any channel. */
    public int distance(Rgb other) {
        return Math.max(Math.abs(red - other.red),
                Math.max(Math.abs(green - other.green), Math.abs(blue - other.blue)));
    }

    /** Within {@code tolerance} in every channel: lossy encoders move colours a little, never a lot. */
    public boolean isNear(Rgb other, int tolerance) {
        return distance(other) <= tolerance;
    }
}
