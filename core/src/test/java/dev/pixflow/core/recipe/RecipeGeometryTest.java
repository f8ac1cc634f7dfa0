package dev.pixflow.core.recipe;

import dev.pixflow.core.domain.RenditionLimits;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecipeGeometryTest {
    private static final Size PHOTO = new Size(3000, 2000);

    private static Size out(String recipe, Size source) {
        return RecipeGeometry.output(Recipe.parse(recipe), source);
    }

    @Test
    void eachFitGivesItsSize() {
        assertThat(out("w:300,h:300", PHOTO)).isEqualTo(new Size(300, 200));
        assertThat(out("w:300,h:300,fit:cover", PHOTO)).isEqualTo(new Size(300, 300));
        assertThat(out("w:300,h:300,fit:fill", PHOTO)).isEqualTo(new Size(300, 300));
        assertThat(out("w:300,h:300,fit:outside", PHOTO)).isEqualTo(new Size(450, 300));
        assertThat(out("w:600", PHOTO)).isEqualTo(new Size(600, 400));
        assertThat(out("w:0,h:100", PHOTO)).isEqualTo(new Size(150, 100));
    }

    @Test
    void neverEnlargesUnlessAsked() {
        assertThat(out("w:6000", PHOTO)).isEqualTo(PHOTO);
        assertThat(out("w:6000,enlarge:1", PHOTO)).isEqualTo(new Size(6000, 4000));
        assertThat(out("w:5000,h:5000,fit:fill", PHOTO)).isEqualTo(PHOTO);
    }

    @Test
    void cropsRotationsAndAspectRatios() {
        assertThat(out("crop:16:9", PHOTO)).isEqualTo(new Size(3000, 1688));
        assertThat(out("crop:1:1", PHOTO)).isEqualTo(new Size(2000, 2000));
        assertThat(out("crop:500x400+2900+10", PHOTO)).isEqualTo(new Size(100, 400));
        assertThat(out("crop:5000x100", PHOTO)).isEqualTo(new Size(3000, 100));
        // A rectangle that starts outside the image is cut to a pixel at its edge, and refused when asked for.
        assertThat(out("crop:100x100+3000+10", PHOTO)).isEqualTo(new Size(1, 100));
        RenditionLimits limits = RenditionLimits.DEFAULTS;
        assertThatThrownBy(() -> limits.checkRequest(Recipe.parse("crop:100x100+3000+10"), PHOTO))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("crop"));
        assertThatThrownBy(() -> limits.checkRequest(Recipe.parse("w:300,crop:100x100+10+250"), PHOTO))
                .as("outside the image as the resize before it left it").isInstanceOf(InvalidInputException.class);
        assertThat(limits.checkRequest(Recipe.parse("crop:100x100+2950+10"), PHOTO)).isEqualTo(new Size(50, 100));
    }

    /**
     * Text that draws nothing (U+200B, a no-break space, U+3164, U+2800, in base64url) is refused when
     * asked for; a recipe stored with it still reads, so its image still loads.
     */
    @Test
    void textThatDrawsNothingIsRefusedWhenAskedForAndReadWhenStored() {
        for (String text : new String[]{"4oCL", "wqA", "44Wk", "4oCLCuKAiw", "4qCA"}) {
            Recipe stored = Recipe.parse("text:" + text);
            assertThatThrownBy(() -> RenditionLimits.DEFAULTS.checkRequest(stored, PHOTO)).as(text)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("text"));
        }
        assertThat(RenditionLimits.DEFAULTS.checkRequest(Recipe.parse("text:SGk"), PHOTO)).isEqualTo(PHOTO);
        // Emoji would be boxes with their codes in them: "Hi 🔥", and a lone thumbs-up with a skin tone.
        for (String text : new String[]{"SGkg8J-UpQ", "8J-RjfCfj70"}) {
            assertThatThrownBy(() -> RenditionLimits.DEFAULTS.checkRequest(Recipe.parse("text:" + text), PHOTO)).as(text)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e).hasMessageContaining("emoji"));
        }
        assertThat(RenditionLimits.DEFAULTS.checkRequest(Recipe.parse("text:wqkgQW5h"), PHOTO)).as("© Ana draws").isEqualTo(PHOTO);
        assertThat(out("rot:90", PHOTO)).isEqualTo(new Size(2000, 3000));
        assertThat(out("rot:180", PHOTO)).isEqualTo(PHOTO);
        assertThat(out("rot:45", new Size(100, 100))).isEqualTo(new Size(142, 142));
    }

    @Test
    void decodesSmallerOnlyWhenNothingBeforeTheResizeNeedsFullResolution() {
        assertThat(RecipeGeometry.decodeScale(Recipe.parse("w:300"), PHOTO)).isEqualTo(0.1);
        assertThat(RecipeGeometry.decodeScale(Recipe.parse("crop:1500x1000,w:300"), PHOTO)).isEqualTo(0.2);
        assertThat(RecipeGeometry.decodeScale(Recipe.parse("rot:90,flip:h,gray:1,w:200"), PHOTO)).isEqualTo(0.1);
        assertThat(RecipeGeometry.decodeScale(Recipe.parse("blur:3,w:300"), PHOTO)).isEqualTo(1.0);
        assertThat(RecipeGeometry.decodeScale(Recipe.parse("text:SGk,w:300"), PHOTO)).isEqualTo(1.0);
        assertThat(RecipeGeometry.decodeScale(Recipe.parse("w:6000,enlarge:1"), PHOTO)).isEqualTo(1.0);
        assertThat(RecipeGeometry.decodeScale(Recipe.parse("gray:1"), PHOTO)).isEqualTo(1.0);
    }

    @Test
    void limitsRefuseAnOutputOverTheSideLimitBeforeDecoding() {
        RenditionLimits limits = new RenditionLimits(100_000_000, 300, 4000);

        assertThat(limits.checkOutput(Recipe.parse("w:4000,enlarge:1"), PHOTO)).isEqualTo(new Size(4000, 2667));
        assertThatThrownBy(() -> limits.checkOutput(Recipe.parse("w:5000,enlarge:1"), PHOTO))
                .isInstanceOfSatisfying(RejectedImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectedImageException.Reason.TOO_MANY_PIXELS));
        // Without enlarge the same width is no violation: the output stays the original's size.
        assertThat(limits.checkOutput(Recipe.parse("w:5000"), PHOTO)).isEqualTo(PHOTO);
        assertThatThrownBy(() -> limits.checkOutput(Recipe.parse("w:100"), new Size(20000, 10000)))
                .isInstanceOf(RejectedImageException.class);
    }

    /** Within the side limit, a new request's output is held to the source limit's pixels too. */
    @Test
    void limitsRefuseARequestOverThePixelLimit() {
        RenditionLimits limits = new RenditionLimits(10_000_000, 300, 16_384);

        assertThat(limits.checkRequest(Recipe.parse("w:3800,enlarge:1"), PHOTO)).isEqualTo(new Size(3800, 2533));
        assertThat(limits.checkOutput(Recipe.parse("w:16000,h:16000,fit:fill,enlarge:1"), PHOTO))
                .as("a recipe stored before renders as it is").isEqualTo(new Size(16000, 16000));
        assertThatThrownBy(() -> limits.checkRequest(Recipe.parse("w:16000,h:16000,fit:fill,enlarge:1"), PHOTO))
                .isInstanceOfSatisfying(RejectedImageException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectedImageException.Reason.TOO_MANY_PIXELS));
        assertThatThrownBy(() -> limits.checkRequest(Recipe.parse("rot:45"), new Size(3000, 3000)))
                .as("a turn by 45 degrees of 9 MP holds 18 MP").isInstanceOf(RejectedImageException.class);
    }

    @Test
    void anAnimationKeepsItsFramesOnlyWhileTheyTogetherStayWithinTheSourceLimit() {
        RenditionLimits limits = new RenditionLimits(10_000_000, 300, 16_384);
        Size small = new Size(476, 744);

        assertThat(limits.framesKept(24, ImageFormat.GIF, small)).isEqualTo(24);
        assertThat(limits.framesKept(24, ImageFormat.JPEG, small)).as("a still format keeps one").isEqualTo(1);
        assertThat(limits.framesKept(301, ImageFormat.WEBP, new Size(10, 10))).as("over the frame limit").isEqualTo(1);
        assertThat(limits.framesKept(1, ImageFormat.GIF, small)).isEqualTo(1);
        // 24 frames of 2000x3126 are 150 MP, over the 10 MP: the first frame only.
        assertThat(limits.framesKept(24, ImageFormat.GIF, new Size(2000, 3126))).isEqualTo(1);
        assertThat(limits.framesKept(24, ImageFormat.WEBP, new Size(645, 645))).as("24 x 416,025 = 9,984,600").isEqualTo(24);
        assertThat(limits.framesKept(24, ImageFormat.WEBP, new Size(646, 646))).as("24 x 417,316 = 10,015,584").isEqualTo(1);
    }
}
