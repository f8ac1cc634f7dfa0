package dev.pixflow.core.delivery;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.recipe.OutputFormat;
import dev.pixflow.core.recipe.Recipe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransformUrlTest {
    static final String ID = "019a4f6e-8a1c-7b3e-9c2d-5e8f7a6b4c3d";

    @Test
    void splitsSignatureOptionsAndId() {
        TransformUrl url = TransformUrl.parse("SIG/w:300,h:200,fit:cover,g:smart,q:80,f:webp/" + ID);
        assertThat(url.signature()).isEqualTo("SIG");
        assertThat(url.signedPath()).isEqualTo("/w:300,h:200,fit:cover,g:smart,q:80,f:webp/" + ID);
        assertThat(url.id()).isEqualTo(new ImageId(ID));
        assertThat(url.recipe()).isEqualTo(Recipe.parse("w:300,h:200,fit:cover,g:smart,f:webp,q:80"));
        assertThat(url.expires()).isEmpty();
    }

    @Test
    void expiryIsAnOptionOfTheUrlNotOfTheRecipe() {
        TransformUrl url = TransformUrl.parse("_/w:300,exp:1800000000,q:80/" + ID);
        assertThat(url.expires()).isEqualTo(OptionalLong.of(1_800_000_000L));
        assertThat(url.recipe().canonical()).isEqualTo("w:300,q:80");
        assertThatThrownBy(() -> TransformUrl.parse("_/w:300,exp:soon/" + ID)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> TransformUrl.parse("_/exp:1,exp:2/" + ID)).isInstanceOf(InvalidInputException.class);
        // Past the year 9999 no Expires header can say it.
        assertThat(TransformUrl.parse("_/w:1,exp:253402300799/" + ID).expires()).hasValue(253_402_300_799L);
        assertThatThrownBy(() -> TransformUrl.parse("_/w:1,exp:253402300800/" + ID)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("9999");
        assertThatThrownBy(() -> TransformUrl.path(url.id(), url.recipe(), OptionalLong.of(253_402_300_800L)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExtensionNamesTheFormatAndMustAgreeWithF() {
        assertThat(TransformUrl.parse("_/w:300/" + ID + ".webp").recipe().output().format()).isEqualTo(OutputFormat.WEBP);
        assertThat(TransformUrl.parse("_/w:300,f:avif/" + ID + ".avif").recipe().output().format()).isEqualTo(OutputFormat.AVIF);
        assertThatThrownBy(() -> TransformUrl.parse("_/w:300,f:png/" + ID + ".webp"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ext");
        assertThatThrownBy(() -> TransformUrl.parse("_/w:300/" + ID + ".bmp")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void badOptionsNameTheirKey() {
        assertThatThrownBy(() -> TransformUrl.parse("_/w:abc/" + ID))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("w"));
        assertThatThrownBy(() -> TransformUrl.parse("_/zoom:2/" + ID))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("zoom"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "_", "_/w:1", "_/w:1/not-an-id", "_//" + ID, "_/w:1/" + ID + "/more"})
    void otherShapesAreNotTransformationUrls(String path) {
        assertThatThrownBy(() -> TransformUrl.parse(path)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theSignedPartIsReadWithoutTheOptions() {
        TransformUrl.Signed signed = TransformUrl.Signed.of("SIG/zoom:2,exp:1800000000/not-an-id.bmp");
        assertThat(signed.signature()).isEqualTo("SIG");
        assertThat(signed.signedPath()).isEqualTo("/zoom:2,exp:1800000000/not-an-id.bmp");
        assertThat(signed.expires()).hasValue(1_800_000_000L);
        assertThat(TransformUrl.Signed.of("SIG/w:1,exp:soon/" + ID).expires()).isEmpty();
        assertThatThrownBy(() -> TransformUrl.Signed.of("SIG/w:1")).isInstanceOf(NotFoundException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "w:300,h:200,fit:cover,g:smart,q:80,f:webp",
            "q:80,f:webp,h:200,w:300,g:smart,fit:cover",
            "crop:16:9,cg:entropy,w:400,gray:1,f:png,cl:9",
            "text:SGFyYm91ciBhdCBkdXNrCsKpIEFuYQ,font:sans-bold,size:48,color:ffffffee,tg:sw,tx:40,ty:40,shadow:00000099,w:1200",
            "wm:logo,wg:ne,opacity:60,scale:15,rot:90,flip:h,blur:1.5,sharpen:0.5",
            "-"})
    void theCanonicalPathRoundTrips(String options) {
        // parse, print, parse: one recipe, one path, one stored key however the options were spelt.
        TransformUrl first = TransformUrl.parse("_/" + options + "/" + ID);
        String canonical = TransformUrl.path(first.id(), first.recipe(), first.expires());
        TransformUrl again = TransformUrl.parse("_" + canonical);
        assertThat(again.recipe()).isEqualTo(first.recipe());
        assertThat(again.recipe().hash()).isEqualTo(first.recipe().hash());
        assertThat(TransformUrl.path(again.id(), again.recipe(), again.expires())).isEqualTo(canonical);
    }

    @Test
    void theCanonicalPathKeepsTheExpiryLast() {
        String path = TransformUrl.path(new ImageId(ID), Recipe.parse("f:webp,w:512"), OptionalLong.of(1_800_000_000L));
        assertThat(path).isEqualTo("/w:512,f:webp,exp:1800000000/" + ID);
        assertThat(TransformUrl.parse("_" + path).expires()).hasValue(1_800_000_000L);
    }
}
