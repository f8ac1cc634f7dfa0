package dev.pixflow.engine.vips.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An XMP packet without the place it was taken: the EXIF namespace's {@code GPS*} properties, and any
 * namespace's property named {@code GPS...} or {@code Gps...} (drones write their own), whether written as
 * attributes or as elements. A packet that still names a GPS property after that (a form not foreseen
 * here) is dropped whole: a rendition must never carry the position.
 */
final class XmpWithoutPosition {
    private static final String NAME = "[\\w.-]+:gps[\\w.-]*";
    /** {@code exif:GPSLatitude="48,51.5N"} inside an {@code rdf:Description}. */
    private static final Pattern ATTRIBUTE = Pattern.compile("\\s+" + NAME + "\\s*=\\s*(\"[^\"]*\"|'[^']*')",
            Pattern.CASE_INSENSITIVE);
    /** {@code <exif:GPSLatitude/>}. */
    private static final Pattern EMPTY = Pattern.compile("<" + NAME + "\\b[^>]*/>", Pattern.CASE_INSENSITIVE);
    /** {@code <exif:GPSLatitude>48,51.5N</exif:GPSLatitude>}, whatever it holds. */
    private static final Pattern ELEMENT = Pattern.compile("<(" + NAME + ")\\b[^>]*>.*?</\\1\\s*>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern LEFT = Pattern.compile(NAME, Pattern.CASE_INSENSITIVE);

    private XmpWithoutPosition() {
    }

    /** The packet without its position; empty when it could not be cleaned and must go whole. */
    static Optional<byte[]> of(byte[] packet) {
        String xmp = new String(packet, StandardCharsets.UTF_8);
        String cleaned = ELEMENT.matcher(EMPTY.matcher(ATTRIBUTE.matcher(xmp).replaceAll("")).replaceAll("")).replaceAll("");
        if (LEFT.matcher(cleaned).find()) {
            return Optional.empty();
        }
        return Optional.of(cleaned.equals(xmp) ? packet : cleaned.getBytes(StandardCharsets.UTF_8));
    }
}
