package dev.pixflow.core.domain;

/**
 * An image that already holds as many names of renditions asked for by recipe as one may, counting
 * those removed (each keeps its name): a script asking for a new name per request would otherwise
 * grow one image's record without end.
 */
public class TooManyRenditionsException extends RuntimeException {
    private final int limit;

    public TooManyRenditionsException(int limit) {
        super("the image already holds " + limit + " names of renditions asked for by recipe, removed ones"
                + " included, as many as one may; ask again under one of them, or upload the photo again for more");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
