package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.recipe.Size;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Text in a script the fonts have no glyphs for is refused where it is asked for, not drawn as boxes. */
class TextScriptsTest {
    private static Size check(String text) {
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        return RenditionLimits.DEFAULTS.checkRequest(Recipe.parse("w:400,text:" + encoded), new Size(800, 600));
    }

    @Test
    void scriptsTheFontsDrawAreTaken() {
        for (String text : new String[]{"Harbour at dusk © Ana", "Ελλάδα", "Москва", "Երևան", "თბილისი", "שלום", "مرحبا",
                "Café crème — 20 €", "e\u0301 n\u0303", "Ϣϣ Ϥ", "∑ ≤ ∞ ─┼"}) {
            assertThat(check(text)).as(text).isEqualTo(new Size(400, 300));
        }
    }

    @Test
    void chineseJapaneseKoreanThaiAndIndianScriptsAreRefusedNamingTheScript() {
        assertThatThrownBy(() -> check("東京タワー")).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.field()).isEqualTo("text");
            assertThat(e.getMessage()).contains("han script").contains("U+6771");
        });
        for (String text : new String[]{"ひらがな", "서울", "กรุงเทพ", "नमस्ते", "Tokyo 東京", "「引用」", "ＡＢＣ"}) {
            assertThatThrownBy(() -> check(text)).as(text).isInstanceOf(InvalidInputException.class);
        }
    }
}
