package dev.pixflow.core.usecase;

import dev.pixflow.core.media.ImageFormat;

/**
 * Client file names are metadata only: displayed and returned, never used as a path. This keeps them
 * printable and short, and drops any directory part a client sent.
 */
public final class FileNames {
    static final int MAX_LENGTH = 255;

    private FileNames() {
    }

    public static String clean(String raw, ImageFormat format) {
        String name = raw == null ? "" : raw;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        name = name.codePoints()
                .filter(FileNames::printable)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            name = "upload." + format.extension();
        }
        if (name.length() > MAX_LENGTH) {
            int start = name.length() - MAX_LENGTH;
            // Cut between characters: half of a surrogate pair is no text, and strict JSON readers refuse it.
            if (Character.isLowSurrogate(name.charAt(start))) {
                start++;
            }
            name = name.substring(start);
        }
        return name;
    }

    /** Shown on one line: no control or format character, half of a surrogate pair, or line or paragraph separator. */
    private static boolean printable(int c) {
        return !Character.isISOControl(c) && switch (Character.getType(c)) {
            case Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
