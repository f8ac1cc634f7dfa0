package dev.pixflow.core.recipe;

import dev.pixflow.core.media.Fit;
import dev.pixflow.core.media.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecipeTextTest {

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheTransformationUrlExample() {
        Recipe recipe = Recipe.parse("w:300,h:200,fit:cover,g:smart,q:80,f:webp");

        assertThat(recipe.ops()).containsExactly(new Resize(300, 200, Fit.COVER, Gravity.SMART, false));
        assertThat(recipe.output().format()).isEqualTo(OutputFormat.WEBP);
        assertThat(recipe.output().quality()).isEqualTo(80);
        assertThat(recipe.canonical()).isEqualTo("w:300,h:200,fit:cover,g:smart,f:webp,q:80");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "w:256,h:256,fit:cover,g:smart,q:80",
            "w:0,h:200",
            "w:800,fit:inside,enlarge:1",
            "w:300,h:300,fit:fill",
            "w:300,h:300,fit:outside,f:png,cl:9,pal:1",
            "crop:300x200+10+20,w:100",
            "crop:16:9,cg:entropy,crop:100x100,cg:sw",
            "rot:90,rot:12.5,rbg:ff000080,flip:hv",
            "w:1200,text:SGVsbG8,font:serif-bold,tw:50,color:ffffffcc,tg:n,tx:-4,ty:12,shadow:00000080",
            "text:SGVsbG8,box:00000080,text:V29ybGQ,size:12",
            "wm:logo,wg:nw,margin:0,opacity:80,scale:10,tile:1",
            "wm:0190a000-0000-7000-8000-000000000001",
            "blur:2.5,sharpen:1,gray:1,f:jpeg,q:90,prog:1,sub:444,meta:keep,bg:000000",
            "w:10,w:20,f:avif,speed:6,meta:all",
            "f:webp,lossless:1,effort:6",
            "f:auto,q:70"})
    void printsCanonicallyAndReadsBackTheSameRecipe(String text) {
        Recipe recipe = Recipe.parse(text);

        assertThat(Recipe.parse(recipe.canonical())).isEqualTo(recipe);
        assertThat(Recipe.parse(recipe.canonical()).canonical()).isEqualTo(recipe.canonical());
    }

    @Test
    void equivalentSpellingsHaveOneCanonicalFormAndHash() {
        Recipe a = Recipe.parse("h:200,w:300,fit:inside,g:centre,f:jpg");
        Recipe b = Recipe.parse("w:300,h:200,f:jpeg");

        assertThat(a).isEqualTo(b);
        assertThat(a.canonical()).isEqualTo("w:300,h:200,f:jpeg");
        assertThat(a.hash()).isEqualTo(b.hash()).hasSize(16);
        assertThat(Recipe.parse("w:300,h:201,f:jpeg").hash()).isNotEqualTo(a.hash());
    }

    @Test
    void anOptionRepeatedStartsTheNextOperationOfItsKind() {
        Recipe recipe = Recipe.parse("w:1000,blur:2,w:500,h:500");

        assertThat(recipe.ops()).containsExactly(Resize.inside(1000, 0), new Blur(2), Resize.inside(500, 500));
        // Two resizes in a row never merge once printed: each is led by its width.
        Recipe twoResizes = new Recipe(List.of(Resize.inside(0, 300), Resize.inside(200, 0)), Output.DEFAULT);
        assertThat(twoResizes.canonical()).isEqualTo("w:0,h:300,w:200");
        assertThat(Recipe.parse(twoResizes.canonical())).isEqualTo(twoResizes);
    }

    @Test
    void textIsUtf8InBase64UrlAndKeepsLineBreaks() {
        String words = "Grüße aus Köln\nzweite Zeile & <mehr>";
        Recipe recipe = Recipe.parse("text:" + b64(words) + ",size:48,tg:s");

        Text text = (Text) recipe.ops().getFirst();
        assertThat(text.text()).isEqualTo(words);
        assertThat(text.size()).isEqualTo(48);
        assertThat(text.position()).isEqualTo(Gravity.SOUTH);
        assertThat(recipe.canonical()).matches("[A-Za-z0-9_:,.-]+");
    }

    @Test
    void theOrderOfOperationsIsKept() {
        Recipe recipe = Recipe.parse("crop:1000x1000+0+0,rot:90,w:200,text:SGk,wm:logo,gray:1");

        assertThat(recipe.ops()).extracting(Op::name)
                .containsExactly("crop", "rotate", "resize", "text", "watermark", "grayscale");
    }

    @ParameterizedTest(name = "{0} -> field {1}")
    @CsvSource(delimiter = '|', value = {
            "w:abc|w",
            "w:-5|w",
            "w:70000|w",
            "h:0|w",
            "w:300,fit:cover|h",
            "w:300,fit:sideways|fit",
            "w:300,h:300,g:smart|g",
            "crop:300|crop",
            "crop:300x200+1+1,cg:smart|cg",
            "cg:smart|crop",
            "w:100,cg:n|crop",
            "rbg:ffffff|rot",
            "font:serif,size:20|text",
            "wg:se,opacity:30|wm",
            "rot:0|rot",
            "flip:x|flip",
            "text:!!!|text",
            "text:SGk,size:1|size",
            "text:SGk,size:20,tw:50|size",
            "text:SGk,tg:smart|tg",
            "text:SGk,color:red|color",
            "text:SGk,shadow:000000,box:000000|box",
            "wm:../../etc/passwd|wm",
            "wm:logo,opacity:0|opacity",
            "blur:0|blur",
            "gray:2|gray",
            "q:0|q",
            "q:80,q:90|q",
            "f:bmp|f",
            "f:png,q:80|q",
            "f:jpeg,lossless:1|lossless",
            "f:jpeg,effort:3|effort",
            "sub:422|sub",
            "meta:some|meta",
            "bg:ffffff80|bg",
            "zoom:2|zoom",
            "w300|recipe"})
    void refusesNonsenseNamingTheOption(String text, String field) {
        assertThatThrownBy(() -> Recipe.parse(text))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void theDefaultVariantsKeepTheirStorageKeys() {
        // The thumb's text form, and so its hash and key, is what it was before recipes existed.
        assertThat(Recipe.parse("w:256,h:256,fit:cover,g:smart,q:80").canonical())
                .isEqualTo("w:256,h:256,fit:cover,g:smart,q:80");
    }

    @Test
    void aWindowsLineBreakIsALineBreak() {
        assertThat(Text.of("Harbour\r\nat dusk\rtoday").text()).isEqualTo("Harbour\nat dusk\ntoday");
    }
}
