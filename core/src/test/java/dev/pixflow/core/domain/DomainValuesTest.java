package dev.pixflow.core.domain;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.media.Fit;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.recipe.Gravity;
import dev.pixflow.core.recipe.Output;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.recipe.Resize;
import dev.pixflow.core.recipe.Variant;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainValuesTest {
    private static final ImageId ID = new ImageId("0190a000-0000-7000-8000-000000000001");

    @Test
    void mediaTypesMapToFormatsWithAliases() {
        assertThat(ImageFormat.fromMediaType("image/jpeg; charset=x")).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.fromMediaType("IMAGE/JPG")).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.fromMediaType("image/heif")).contains(ImageFormat.HEIC);
        assertThat(ImageFormat.fromMediaType("image/avif")).contains(ImageFormat.AVIF);
        assertThat(ImageFormat.fromMediaType("image/svg+xml")).isEmpty();
        assertThat(ImageFormat.fromMediaType(null)).isEmpty();
    }

    @Test
    void keysFollowTheLayout() {
        assertThat(BlobKey.original(ID, Instant.parse("2026-03-04T23:59:59Z")).value())
                .isEqualTo("originals/2026/03/04/" + ID);
        assertThat(BlobKey.rendition(ID, "thumb", "0123456789abcdef", ImageFormat.WEBP).value())
                .isEqualTo("renditions/" + ID + "/thumb-0123456789abcdef.webp");
    }

    @Test
    void recipeHashIsStableAndFollowsTheDefinition() {
        Variant thumb = new Variant("thumb", new Recipe(List.of(new Resize(256, 256, Fit.COVER, Gravity.SMART, false)),
                Output.DEFAULT.withQuality(80)));
        assertThat(thumb.canonical()).isEqualTo("w:256,h:256,fit:cover,g:smart,q:80");
        assertThat(thumb.recipeHash()).hasSize(16).isEqualTo(Variant.of("thumb", "w:256,h:256,fit:cover,g:smart,q:80").recipeHash());
        assertThat(thumb.recipeHash()).isNotEqualTo(Variant.of("thumb", "w:256,h:256,fit:cover,g:smart,q:81").recipeHash());
    }

    @Test
    void variantSpecsRefuseNonsense() {
        assertThatThrownBy(() -> Variant.of("original", "w:1,h:1,q:80")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Variant.of("big", "w:70000,h:1,q:80")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Variant.of("Bad Name", "w:1,h:1,q:80")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metadataRefusesControlCharactersAndHalfSurrogatesAndStoredTextDropsThem() {
        assertThatThrownBy(() -> new ImageMetadata("nul\u0000here", null, List.of())).isInstanceOfSatisfying(
                InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("title"));
        assertThatThrownBy(() -> new ImageMetadata("a\nb", null, List.of())).as("a title is one line")
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new ImageMetadata("a\u2028b", null, List.of())).as("nor a Unicode line separator")
                .isInstanceOf(InvalidInputException.class);
        assertThat(new ImageMetadata(null, "a\u2028b", List.of()).description()).as("a description has lines").isEqualTo("a\u2028b");
        assertThatThrownBy(() -> new ImageMetadata(null, "esc\u001b", List.of())).isInstanceOfSatisfying(
                InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("description"));
        assertThatThrownBy(() -> new ImageMetadata("ab\ud800cd", null, List.of())).isInstanceOf(InvalidInputException.class);
        assertThat(new ImageMetadata("Boats \uD83D\uDEA4", "line one\nline two\tend", List.of()).description())
                .as("pairs, line breaks and tabs").isEqualTo("line one\nline two\tend");
        assertThat(ImageMetadata.stored("nul\u0000here", "ab\ud800cd", List.of(), null, "ok\u0007").title()).isEqualTo("nulhere");
        assertThat(PersonText.readable("ab\ud800cd\u0007")).isEqualTo("abcd");
        assertThat(ImageMetadata.stored("two\nlines\tand a tab", null, List.of(), null, null).title())
                .as("a title stored before it was refused still reads").isEqualTo("two lines and a tab");
        assertThat(ImageMetadata.stored("para\u2029graph", null, List.of(), null, null).title()).isEqualTo("para graph");
    }

    @Test
    void tagsAreNormalisedAndValidated() {
        assertThat(new ImageMetadata(null, null, List.of(" Beach ", "beach", "Sun-set")).tags()).containsExactly("beach", "sun-set");
        // One spelling (composed), and a letter whose lower case takes a combining mark is a letter.
        assertThat(new ImageMetadata(null, null, List.of("İstanbul", "Cafe\u0301", "café")).tags())
                .containsExactly("i\u0307stanbul", "caf\u00e9");
        assertThat(ImageMetadata.parseTags("a, b,,c ")).containsExactly("a", " b", "c ");
        assertThatThrownBy(() -> new ImageMetadata(null, null, List.of("<script>")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("tags"));
        assertThatThrownBy(() -> new ImageMetadata("t".repeat(201), null, List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("title"));
    }

    @Test
    void idsAreOnlyServerShapedUuids() {
        assertThat(ImageId.parse("../etc")).isEmpty();
        assertThat(ImageId.parse(ID.value())).contains(ID);
        assertThatThrownBy(() -> PageCursor.decode("not-a-cursor"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
    }
}
