package dev.pixflow.core.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How text becomes search words, the same for documents and queries and for every store: accents
 * dropped, lower case, split at anything that is not a letter or digit ({@code IMG_0001.jpg} is
 * {@code img 0001 jpg}). The stores only stem what this gives them, so the embedded store and
 * PostgreSQL, whose own parsers differ (PostgreSQL reads {@code IMG_0001.jpg} as one file name), see
 * the same words.
 *
 * <p>Chinese, Japanese and Korean are written without spaces between words (Korean between phrases),
 * so a run of their characters would be one word that only the whole title matches. A run becomes its
 * overlapping pairs of characters instead ({@code 東京タワー} is {@code 東京 京タ タワ ワー}), as
 * Lucene's CJK bigrams do: a query's pairs all found in a document find it, whatever the words. A
 * document also has each character alone, so that a query of one character finds it anywhere.
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

    /** Combining marks, but kana's voicing marks: compiled once, as every record indexed and query runs it. */
    private static final Pattern ACCENTS = Pattern.compile("[\\p{M}&&[^\\u3099\\u309A]]+");

    private SearchText() {
    }

    /** A query's words: a run of CJK characters as its pairs, a lone one as itself. */
    public static List<String> words(String text) {
        return split(text, false);
    }

    /** How many words a query names, a run of CJK characters counting as one: what its limit counts. */
    public static int count(String text) {
        return tokens(text).size();
    }

    /**
     * The words of all the texts, space separated: what a store indexes. A run of CJK characters gives
     * its pairs and each character, none longer than two, so splitting this again gives the same words.
     */
    public static String joined(Iterable<String> texts) {
        StringBuilder out = new StringBuilder();
        for (String text : texts) {
            for (String w : split(text, true)) {
                if (!out.isEmpty()) {
                    out.append(' ');
                }
                out.append(w);
            }
        }
        return out.toString();
    }

    /** Whether {@code text} has a word longer than any that is indexed: such a word is never found. */
    static boolean hasUnindexedWord(String text) {
        for (String token : tokens(text)) {
            int[] cps = token.codePoints().toArray();
            int run = 0;
            for (int cp : cps) {
                run = isCjk(cp) ? 0 : run + 1;
                if (run > MAX_WORD) {
                    return true;
                }
            }
        }
        return false;
    }

    public static boolean isStopWord(String word) {
        return STOP_WORDS.contains(word);
    }

    private static List<String> split(String text, boolean document) {
        List<String> out = new ArrayList<>();
        for (String token : tokens(text)) {
            int[] cps = token.codePoints().toArray();
            int start = 0;
            while (start < cps.length) {
                boolean cjk = isCjk(cps[start]);
                int end = start;
                while (end < cps.length && isCjk(cps[end]) == cjk) {
                    end++;
                }
                if (cjk) {
                    pairs(cps, start, end, document, out);
                } else if (end - start <= MAX_WORD) {
                    out.add(new String(cps, start, end - start));
                }
                start = end;
            }
        }
        return out;
    }

    private static void pairs(int[] cps, int start, int end, boolean document, List<String> out) {
        if (end - start == 1 || document) {
            for (int i = start; i < end; i++) {
                out.add(new String(cps, i, 1));
            }
        }
        for (int i = start; i + 1 < end; i++) {
            out.add(new String(cps, i, 2));
        }
    }

    /**
     * The text folded (compatibility forms, accents dropped, lower case) and cut at anything that is
     * not a letter or digit. Kana keep their voicing marks ({@code ガ} is not {@code カ}), and what
     * the decomposition took apart is put together again (a Hangul syllable is one character).
     */
    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        String folded = Normalizer.normalize(ACCENTS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD))
                .replaceAll(""), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < folded.length(); ) {
            int c = folded.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLetterOrDigit(c)) {
                word.appendCodePoint(c);
            } else if (!word.isEmpty()) {
                out.add(word.toString());
                word.setLength(0);
            }
        }
        if (!word.isEmpty()) {
            out.add(word.toString());
        }
        return out;
    }

    /** Written without spaces between words: Han, kana (with the prolonged sound mark) and Hangul. */
    private static boolean isCjk(int c) {
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL || c == 0x30FC;
    }
}
