package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;

/** Text a person sends (titles, descriptions, alt text, a webhook's description): what every such field refuses. */
public final class PersonText {
    private PersonText() {
    }

    /**
     * Text of a person's: no control characters (PostgreSQL cannot even store a NUL), line breaks and
     * tabs aside where several lines make sense, and no half of a surrogate pair (which the stores write
     * as a question mark).
     */
    public static void requireReadable(String field, String text, boolean lines) {
        if (text == null) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && !(lines && (c == '\n' || c == '\r' || c == '\t'))) {
                throw new InvalidInputException(field, "holds a control character (U+%04X)".formatted((int) c)
                        + (lines ? "; line breaks and tabs are the only ones taken" : ""));
            }
            int type = Character.getType(c);
            if (!lines && (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR)) {
                throw new InvalidInputException(field, "is one line, and holds a line separator (U+%04X)".formatted((int) c));
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(++i)))) {
                throw new InvalidInputException(field, "holds half of a UTF-16 surrogate pair, which is no character");
            }
        }
    }

    /**
     * {@code text} without what {@link #requireReadable} refuses in any field: for text no person typed
     * through the API (a vision model's alt text), and for records written before it was refused.
     */
    public static String readable(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(c -> !(Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')
                && !(c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)).forEach(out::appendCodePoint);
        return out.toString();
    }
}
