package dev.pixflow.core.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How text becomes search words, the same for documents and queries and for both stores: accents
 * dropped, lower case, split at anything that is not a letter or digit ({@code IMG_0001.jpg} is
 * {@code img 0001 jpg}). The stores only stem what this gives them, so the embedded store and
 * PostgreSQL, whose own parsers differ (PostgreSQL reads {@code IMG_0001.jpg} as one file name), see
 * the same words.
 */
public final class SearchText {
    /** Longer runs are not words anyone types (hashes, base64); PostgreSQL would refuse them anyway. */
    static final int MAX_WORD = 100;

    /**
     * PostgreSQL's English stop words (Snowball's list). PostgreSQL drops them from documents and
     * queries; dropping them from queries here makes the embedded store answer the same.
     */
    static final Set<String> STOP_WORDS = Set.of(("i me my myself we our ours ourselves you your yours yourself "
            + "yourselves he him his himself she her hers herself it its itself they them their theirs themselves "
            + "what which who whom this that these those am is are was were be been being have has had having do "
            + "does did doing a an the and but if or because as until while of at by for with about against "
            + "between into through during before after above below to from up down in out on off over under "
            + "again further then once here there when where why how all any both each few more most other some "
            + "such no nor not only own same so than too very s t can will just don should now").split(" "));

    private SearchText() {
    }

    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < folded.length(); ) {
            int c = folded.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLetterOrDigit(c)) {
                word.appendCodePoint(c);
            } else {
                flush(word, out);
            }
        }
        flush(word, out);
        return out;
    }

    /** The words of all the texts, space separated: what a store indexes. */
    public static String joined(Iterable<String> texts) {
        StringBuilder out = new StringBuilder();
        for (String text : texts) {
            for (String w : words(text)) {
                if (!out.isEmpty()) {
                    out.append(' ');
                }
                out.append(w);
            }
        }
        return out.toString();
    }

    public static boolean isStopWord(String word) {
        return STOP_WORDS.contains(word);
    }

    private static void flush(StringBuilder word, List<String> out) {
        if (!word.isEmpty()) {
            if (word.length() <= MAX_WORD) {
                out.add(word.toString());
            }
            word.setLength(0);
        }
    }
}
