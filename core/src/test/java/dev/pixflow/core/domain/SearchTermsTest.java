package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchTermsTest {

    @Test
    void wordsAreFoldedAndSplitAtAnythingElse() {
        assertThat(SearchText.words("IMG_0001.JPG")).containsExactly("img", "0001", "jpg");
        assertThat(SearchText.words("Crème Brûlée, São Paulo!")).containsExactly("creme", "brulee", "sao", "paulo");
        assertThat(SearchText.words("  ")).isEmpty();
        assertThat(SearchText.joined(List.of("Harbour at Dusk", "sea"))).isEqualTo("harbour at dusk sea");
    }

    @Test
    void stopWordsAreDroppedAndALoneOneIsKeptAsAPrefix() {
        assertThat(SearchTerms.parse("the boats in the harb")).contains(new SearchTerms(List.of("boats"), "harb", true));
        assertThat(SearchTerms.parse("boats and the")).contains(new SearchTerms(List.of(), "boats", true));
        assertThat(SearchTerms.parse("rose sea the")).contains(new SearchTerms(List.of("rose"), "sea", true));
        assertThat(SearchTerms.parse("the")).contains(new SearchTerms(List.of(), "the", false));
        assertThat(SearchTerms.parse("sea sea sun")).contains(new SearchTerms(List.of("sea"), "sun", true));
    }

    @Test
    void textWithoutWordsIsNoQuery() {
        assertThat(SearchTerms.parse("  ...  ")).isEmpty();
        assertThat(SearchTerms.parse(null)).isEmpty();
    }

    @Test
    void longQueriesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> SearchTerms.parse("a b c d e f g h i")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("q:");
        assertThatThrownBy(() -> SearchTerms.parse("x".repeat(201))).isInstanceOf(InvalidInputException.class);
    }
}
