package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.recipe.RecipeGeometry;
import dev.pixflow.core.recipe.Resize;
import dev.pixflow.core.recipe.Size;
import dev.pixflow.core.recipe.Variant;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FittingTest {
    private static final Variant INSIDE = Variant.of("inside", "w:1024,h:1024,q:80");
    private static final Variant COVER = Variant.of("cover", "w:256,h:256,fit:cover,g:smart,q:80");

    private static Size scaled(Variant v, int w, int h) {
        return RecipeGeometry.scaled(resize(v), new Size(w, h));
    }

    private static Size cropped(Variant v, Size scaled) {
        return RecipeGeometry.cropped(resize(v), scaled);
    }

    private static double scale(Variant v, int w, int h) {
        return RecipeGeometry.decodeScale(v.recipe(), new Size(w, h));
    }

    private static Resize resize(Variant v) {
        return (Resize) v.recipe().ops().getFirst();
    }

    private static Size sharedBox(List<Variant> variants, int w, int h) {
        return Fitting.sharedBox(variants, new Size(w, h));
    }

    @Test
    void insideFitsTheLongerSide() {
        assertThat(scaled(INSIDE, 3000, 2000)).isEqualTo(new Size(1024, 683));
        assertThat(scaled(INSIDE, 2000, 3000)).isEqualTo(new Size(683, 1024));
    }

    @Test
    void coverFillsTheShorterSideThenCrops() {
        Size scaled = scaled(COVER, 3000, 2000);

        assertThat(scaled).isEqualTo(new Size(384, 256));
        assertThat(cropped(COVER, scaled)).isEqualTo(new Size(256, 256));
    }

    @Test
    void neverEnlarges() {
        assertThat(scale(INSIDE, 600, 400)).isEqualTo(1.0);
        assertThat(scaled(INSIDE, 600, 400)).isEqualTo(new Size(600, 400));
        assertThat(cropped(COVER, scaled(COVER, 200, 100))).isEqualTo(new Size(200, 100));
    }

    @Test
    void theSharedImageIsJustLargeEnoughForTheLargestVariant() {
        Variant large = Variant.of("large", "w:2048,h:2048,q:80");

        assertThat(sharedBox(List.of(COVER, INSIDE, large), 3000, 2000)).isEqualTo(new Size(2048, 1366));
        assertThat(sharedBox(List.of(COVER, INSIDE), 3000, 2000)).isEqualTo(new Size(1024, 683));
        assertThat(sharedBox(List.of(INSIDE), 1024, 512)).isEqualTo(new Size(1024, 512));
    }

    @Test
    void aCoverThumbnailOfAPanoramaNeedsATallerSharedImageThanTheLargeVariant() {
        Variant large = Variant.of("large", "w:2048,h:2048,q:80");

        Size box = sharedBox(List.of(COVER, large), 10000, 783);

        assertThat(box.height()).isGreaterThanOrEqualTo(256);
        assertThat(box.width()).isGreaterThanOrEqualTo(2048);
        assertThat(box).isEqualTo(new Size(3270, 256));
    }

    @Test
    void neverDecodesLargerThanTheOriginal() {
        assertThat(sharedBox(List.of(INSIDE), 600, 400)).isEqualTo(new Size(600, 400));
    }

    @Test
    void aVeryThinImageKeepsAtLeastOnePixel() {
        assertThat(scaled(INSIDE, 100000, 10)).isEqualTo(new Size(1024, 1));
    }

    @Test
    void operationsThatNeedFullResolutionBeforeTheResizeDecodeAtFullSize() {
        Variant blurFirst = new Variant("soft", Recipe.parse("blur:2,w:256"));
        Variant cropFirst = new Variant("part", Recipe.parse("crop:1000x1000+0+0,w:250"));

        assertThat(sharedBox(List.of(blurFirst), 3000, 2000)).isEqualTo(new Size(3000, 2000));
        assertThat(sharedBox(List.of(cropFirst), 3000, 2000)).isEqualTo(new Size(750, 500));
    }
}
