package dev.pixflow.core.recipe;

import dev.pixflow.core.media.InvalidInputException;

/**
 * A text overlay: UTF-8 text, one or several lines, in a DejaVu font, sized in pixels or as a share of
 * the image width ({@code widthPercent}), coloured (with alpha), placed by a gravity and moved inward
 * by {@code dx, dy} pixels, with an optional drop shadow or a box behind it.
 */
public record Text(String text, Font font, int size, int widthPercent, Colour colour, Gravity position, int dx,
                   int dy, Colour shadow, Colour box) implements Op {
    public static final int MAX_LENGTH = 500;
    public static final int DEFAULT_SIZE = 32;

    /** Characters that are there but draw no ink: the typesetter would have no text to render. */
    private static final java.util.Set<Integer> BLANK_GLYPHS = java.util.Set.of(0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800);

    public Text {
        // A text box on Windows sends CRLF: a line break as any other.
        text = text == null ? null : text.replace("\r\n", "\n").replace('\r', '\n');
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("text", "is required and must not be blank");
        }
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            throw new InvalidInputException("text", "at most " + MAX_LENGTH + " characters");
        }
        if (text.codePoints().anyMatch(c -> c != '\n' && Character.isISOControl(c))) {
            throw new InvalidInputException("text", "control characters other than line breaks are not allowed");
        }
        font = font == null ? Font.SANS : font;
        if (size != 0 && widthPercent != 0) {
            throw new InvalidInputException("size", "give a size or a width percentage, not both");
        }
        if (size == 0 && widthPercent == 0) {
            size = DEFAULT_SIZE;
        }
        if (size != 0) {
            Op.range("size", size, 4, 2000);
        } else {
            Op.range("widthPercent", widthPercent, 1, 100);
        }
        colour = colour == null ? Colour.WHITE : colour;
        position = position == null ? Gravity.SOUTH_EAST : position;
        if (position.looksAtPixels()) {
            throw new InvalidInputException("position", "text is placed by centre or a compass point");
        }
        Op.range("dx", dx, -MAX_SIDE, MAX_SIDE);
        Op.range("dy", dy, -MAX_SIDE, MAX_SIDE);
        if (shadow != null && box != null) {
            throw new InvalidInputException("box", "choose a shadow or a box, not both");
        }
    }

    public static Text of(String text) {
        return new Text(text, null, 0, 0, null, null, 0, 0, null, null);
    }

    @Override
    public String name() {
        return "text";
    }

    /**
     * Whether any of the text draws ink. Checked where a recipe is asked for, not here: recipes stored
     * before the check was made are read by this constructor too.
     */
    public boolean draws() {
        return text.codePoints().anyMatch(Text::draws);
    }

    /**
     * The first character shown as an emoji, which the DejaVu fonts have no glyph for: drawn, it would be
     * a box with its code in it. Checked where a recipe is asked for, as {@link #draws()}.
     */
    public java.util.OptionalInt emoji() {
        return text.codePoints().filter(Character::isEmojiPresentation).findFirst();
    }

    /**
     * The first character of a script the DejaVu fonts have no glyphs for (Chinese, Japanese, Korean,
     * Thai, the scripts of India ...): drawn, it would be a box with its code in it. The engine checks
     * the font itself as it draws; this names the common case where a recipe is asked for.
     */
    public java.util.OptionalInt undrawnScript() {
        return text.codePoints().filter(c -> draws(c) && (!DRAWN_SCRIPTS.contains(Character.UnicodeScript.of(c))
                || UNDRAWN_BLOCKS.contains(Character.UnicodeBlock.of(c)))).findFirst();
    }

    /** Blocks of the common script that belong with Chinese, Japanese and Korean text, and have no glyphs either. */
    private static final java.util.Set<Character.UnicodeBlock> UNDRAWN_BLOCKS = java.util.Set.of(
            Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION, Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS,
            Character.UnicodeBlock.CJK_COMPATIBILITY, Character.UnicodeBlock.ENCLOSED_CJK_LETTERS_AND_MONTHS,
            Character.UnicodeBlock.KANBUN, Character.UnicodeBlock.CJK_COMPATIBILITY_FORMS);

    /** The scripts DejaVu Sans, Serif and Mono draw, beside the common punctuation and marks. */
    private static final java.util.Set<Character.UnicodeScript> DRAWN_SCRIPTS = java.util.EnumSet.of(
            Character.UnicodeScript.COMMON, Character.UnicodeScript.INHERITED, Character.UnicodeScript.LATIN,
            Character.UnicodeScript.GREEK, Character.UnicodeScript.CYRILLIC, Character.UnicodeScript.ARMENIAN,
            Character.UnicodeScript.GEORGIAN, Character.UnicodeScript.HEBREW, Character.UnicodeScript.ARABIC,
            Character.UnicodeScript.LAO, Character.UnicodeScript.NKO, Character.UnicodeScript.BRAILLE,
            Character.UnicodeScript.OGHAM, Character.UnicodeScript.TIFINAGH, Character.UnicodeScript.CANADIAN_ABORIGINAL,
            Character.UnicodeScript.COPTIC, Character.UnicodeScript.LISU);

    private static boolean draws(int c) {
        int type = Character.getType(c);
        return !Character.isWhitespace(c) && !Character.isSpaceChar(c) && type != Character.FORMAT && type != Character.CONTROL
                && type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK && !BLANK_GLYPHS.contains(c);
    }
}
