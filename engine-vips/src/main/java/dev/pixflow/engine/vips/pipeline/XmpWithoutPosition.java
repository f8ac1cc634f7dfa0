package dev.pixflow.engine.vips.pipeline;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An XMP packet without the place it was taken: the EXIF namespace's {@code GPS*} properties, and any
 * namespace's property named {@code GPS...} or {@code Gps...} (drones write their own), or
 * {@code LRFTarget...} (where a drone's laser rangefinder aimed), whether written as
 * attributes or as elements; namespace declarations ({@code xmlns:gps...}) stay, so the packet still
 * parses. A packet that still holds a GPS property after that (a form not foreseen here), one that is not
 * UTF-8 (the only encoding cleaned), or one larger than any camera writes, is dropped whole: a rendition
 * must never carry the position. Every pattern starts at the start of a run and cannot backtrack into
 * it, a tag ends at the next {@code <}, and an element's content is looked for within 1 KB (a longer
 * one is left, and drops the packet): a packet is cleaned in time linear in its length.
 */
final class XmpWithoutPosition {
    /** Far more than a camera's or an editor's packet; a larger one goes whole rather than being searched. */
    static final int MAX_BYTES = 256 * 1024;
    private static final String NAME = "(?<![\\w.:-])(?!xmlns:)[\\w.-]++:(?:gps|lrftarget)[\\w.-]*+";
    /** {@code exif:GPSLatitude="48,51.5N"} inside an {@code rdf:Description}. */
    private static final Pattern ATTRIBUTE = Pattern.compile("(?<!\\s)\\s++" + NAME + "\\s*+=\\s*+(\"[^\"<]*+\"|'[^'<]*+')",
            Pattern.CASE_INSENSITIVE);
    /** {@code <exif:GPSVersionID/>}. */
    private static final Pattern EMPTY = Pattern.compile("<" + NAME + "\\b[^<>]*+(?<=/)>", Pattern.CASE_INSENSITIVE);
    /** {@code <exif:GPSLatitude>48,51.5N</exif:GPSLatitude>}, whatever it holds within 1 KB. */
    private static final Pattern ELEMENT = Pattern.compile("<(" + NAME + ")\\b[^<>]*+>.{0,1024}?</\\1\\s*+>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** What is left of a GPS property: a tag or an attribute of that name (not prose that mentions one). */
    private static final Pattern LEFT = Pattern.compile("</?" + NAME + "|\\s" + NAME + "\\s*+=", Pattern.CASE_INSENSITIVE);

    private XmpWithoutPosition() {
    }

    /** The packet without its position; empty when it could not be cleaned and must go whole. */
    static Optional<byte[]> of(byte[] packet) {
        if (packet.length > MAX_BYTES) {
            return Optional.empty();
        }
        String xmp;
        try {
            xmp = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(packet)).toString();
        } catch (CharacterCodingException notUtf8) {
            return Optional.empty();
        }
        if (xmp.indexOf('\0') >= 0) {
            // UTF-16 or UTF-32, which decode as UTF-8 with a NUL beside every ASCII letter.
            return Optional.empty();
        }
        String cleaned = ELEMENT.matcher(EMPTY.matcher(ATTRIBUTE.matcher(xmp).replaceAll("")).replaceAll("")).replaceAll("");
        if (LEFT.matcher(cleaned).find()) {
            return Optional.empty();
        }
        return Optional.of(cleaned.equals(xmp) ? packet : cleaned.getBytes(StandardCharsets.UTF_8));
    }
}
