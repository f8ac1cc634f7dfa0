package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A full-text query, parsed once in the core so both stores read it alike. Every word must match
 * (stemmed: {@code boats} finds {@code boat}); the last one may also be the start of a word, since it
 * is the one still being typed ({@code harb} finds {@code harbour}). A stop word is never matched as
 * a word (PostgreSQL has none in its index). A last word that is one is dropped too where other words
 * come before it ({@code rose the} is {@code rose}, which also holds whatever {@code the} begins);
 * alone, it matches as a prefix ({@code the} finds {@code theatre}). A run of Chinese, Japanese or
 * Korean characters is its pairs of characters ({@link SearchText}), each one a word here, and counts
 * as one word against {@link #MAX_WORDS}.
 *
 * @param words    the words before the last, stop words removed
 * @param last     the last word
 * @param lastWord whether {@code last} may also match as a whole (stemmed) word
 */
public record SearchTerms(List<String> words, String last, boolean lastWord) {
    public static final int MAX_LENGTH = 200;
    public static final int MAX_WORDS = 8;
    /** What a store matches, a CJK run's pairs counted one by one: each costs a term in every match. */
    public static final int MAX_TERMS = 32;

    public SearchTerms {
        words = List.copyOf(words);
    }

    /** Empty when the text holds no word at all (only punctuation or spaces). */
    public static Optional<SearchTerms> parse(String q) {
        if (q == null) {
            return Optional.empty();
        }
        if (q.length() > MAX_LENGTH) {
            throw new InvalidInputException("q", "at most " + MAX_LENGTH + " characters");
        }
        if (SearchText.hasUnindexedWord(q)) {
            // Dropped, it would leave the other words to find what this one never could.
            throw new InvalidInputException("q", "a word is at most " + SearchText.MAX_WORD + " characters; none longer is indexed");
        }
        List<String> all = SearchText.words(q);
        if (all.isEmpty()) {
            return Optional.empty();
        }
        if (all.size() > MAX_TERMS) {
            throw new InvalidInputException("q", "at most " + MAX_TERMS + " words and pairs of Chinese, Japanese or Korean characters");
        }
        if (SearchText.count(q) > MAX_WORDS) {
            throw new InvalidInputException("q", "at most " + MAX_WORDS + " words");
        }
        String last = all.getLast();
        List<String> before = new ArrayList<>();
        for (String w : all.subList(0, all.size() - 1)) {
            if (!SearchText.isStopWord(w) && !before.contains(w)) {
                before.add(w);
            }
        }
        if (SearchText.isStopWord(last) && !before.isEmpty()) {
            return Optional.of(new SearchTerms(before.subList(0, before.size() - 1), before.getLast(), true));
        }
        return Optional.of(new SearchTerms(before, last, !SearchText.isStopWord(last)));
    }
}
