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
    void cjkRunsArePairsOfCharactersAndDocumentsHaveEachCharacterToo() {
        assertThat(SearchText.words("東京タワー")).containsExactly("東京", "京タ", "タワ", "ワー");
        assertThat(SearchText.words("猫")).containsExactly("猫");
        assertThat(SearchText.words("iPhone写真 2024")).containsExactly("iphone", "写真", "2024");
        assertThat(SearchText.joined(List.of("写真展"))).isEqualTo("写 真 展 写真 真展");
        // Splitting what a store indexes again gives the same words (the DynamoDB store does).
        assertThat(SearchText.words(SearchText.joined(List.of("写真展")))).containsExactly("写", "真", "展", "写真", "真展");
        // Half-width katakana are the full-width ones; voicing marks stay; a Hangul syllable stays whole.
        assertThat(SearchText.words("ｶﾞｽ")).containsExactly("ガス");
        assertThat(SearchText.words("ガス")).doesNotContain("カス");
        assertThat(SearchText.words("서울 야경")).containsExactly("서울", "야경");
    }

    @Test
    void aCjkRunCountsAsOneWordOfTheQuery() {
        assertThat(SearchTerms.parse("東京スカイツリーの夜景写真")).hasValueSatisfying(t -> {
            assertThat(t.words()).startsWith("東京", "京ス");
            assertThat(t.last()).isEqualTo("写真");
            assertThat(t.lastWord()).isTrue();
        });
        assertThatThrownBy(() -> SearchTerms.parse("東 京 タ ワ ー の 夜 景 写")).isInstanceOf(InvalidInputException.class);
        assertThat(SearchTerms.parse("東".repeat(33))).as("32 pairs").isPresent();
        assertThatThrownBy(() -> SearchTerms.parse("東".repeat(34))).as("33 pairs").isInstanceOf(InvalidInputException.class);
    }

    @Test
    void stopWordsAreDroppedAndALoneOneIsKeptAsAPrefix() {
        assertThat(SearchTerms.parse("the boats in the harb")).contains(new SearchTerms(List.of("boats"), "harb", true));
        assertThat(SearchTerms.parse("boats and the")).contains(new SearchTerms(List.of(), "boats", true));
        assertThat(SearchTerms.parse("rose sea the")).contains(new SearchTerms(List.of("rose"), "sea", true));
        assertThat(SearchTerms.parse("the")).contains(new SearchTerms(List.of(), "the", false));
        assertThat(SearchTerms.parse("sea sea sun")).contains(new SearchTerms(List.of("sea"), "sun", true));
    }

    /** Never indexed, a longer word would be dropped and leave the others to find what it never could. */
    @Test
    void aWordLongerThanAnyIndexedIsRefused() {
        assertThatThrownBy(() -> SearchTerms.parse("harbour " + "z".repeat(101))).isInstanceOfSatisfying(
                InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("q"));
        assertThat(SearchTerms.parse("harbour " + "z".repeat(100))).isPresent();
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
