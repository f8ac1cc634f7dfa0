package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.Relevance;
import dev.pixflow.core.domain.SearchDocument;
import dev.pixflow.core.domain.SearchTerms;
import dev.pixflow.core.domain.SearchText;
import org.tartarus.snowball.ext.EnglishStemmer;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A full-text query scored against one image in the process, as the SQL stores score it (see
 * {@link Relevance}): a word matches where its Snowball English stem (PostgreSQL's stemmer) is among the
 * stems of a class of the image's text, and the last word also where a word as written starts with it.
 */
final class TextMatch {
    private static final int[] WEIGHTS = {Relevance.NAMED, Relevance.DESCRIBED, Relevance.INCIDENTAL};

    private final SearchTerms terms;
    private final List<String> stemmedWords;
    private final String stemmedLast;

    TextMatch(SearchTerms terms) {
        this.terms = terms;
        this.stemmedWords = terms.words().stream().map(TextMatch::stem).toList();
        this.stemmedLast = stem(terms.last());
    }

    /** The image's score, empty when it does not match every word. */
    OptionalInt score(ImageRecord image) {
        SearchDocument doc = SearchDocument.of(image);
        List<List<String>> classes = List.of(SearchText.words(doc.named()), SearchText.words(doc.described()),
                SearchText.words(doc.incidental()));
        int score = 0;
        boolean everyWord = true;
        for (String word : stemmedWords) {
            boolean anywhere = false;
            for (int c = 0; c < classes.size(); c++) {
                if (stems(classes.get(c)).contains(word)) {
                    score += WEIGHTS[c];
                    anywhere = true;
                }
            }
            everyWord &= anywhere;
        }
        boolean last = false;
        for (int c = 0; c < classes.size(); c++) {
            List<String> written = classes.get(c);
            boolean hit = (terms.lastWord() && stems(written).contains(stemmedLast))
                    || written.stream().anyMatch(w -> w.startsWith(terms.last()));
            if (hit) {
                score += WEIGHTS[c];
                last = true;
            }
        }
        return everyWord && last ? OptionalInt.of(score) : OptionalInt.empty();
    }

    private static Set<String> stems(List<String> words) {
        Set<String> out = new HashSet<>();
        words.forEach(w -> out.add(stem(w)));
        return out;
    }

    private static String stem(String word) {
        EnglishStemmer stemmer = new EnglishStemmer();
        stemmer.setCurrent(word);
        stemmer.stem();
        return stemmer.getCurrent();
    }
}
