package dev.pixflow.engine.vips.pipeline;

import dev.pixflow.core.domain.Fit;
import dev.pixflow.core.domain.VariantSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FittingTest {
    private static final VariantSpec INSIDE = new VariantSpec("inside", 1024, 1024, Fit.INSIDE, false, 80);
    private static final VariantSpec COVER = new VariantSpec("cover", 256, 256, Fit.COVER, true, 80);

    @Test
    void insideFitsTheLongerSide() {
        assertThat(Fitting.scaled(INSIDE, 3000, 2000)).isEqualTo(new Size(1024, 683));
        assertThat(Fitting.scaled(INSIDE, 2000, 3000)).isEqualTo(new Size(683, 1024));
    }

    @Test
    void coverFillsTheShorterSideThenCrops() {
        Size scaled = Fitting.scaled(COVER, 3000, 2000);

        assertThat(scaled).isEqualTo(new Size(384, 256));
        assertThat(Fitting.cropped(COVER, scaled)).isEqualTo(new Size(256, 256));
    }

    @Test
    void neverEnlarges() {
        assertThat(Fitting.scale(INSIDE, 600, 400)).isEqualTo(1.0);
        assertThat(Fitting.scaled(INSIDE, 600, 400)).isEqualTo(new Size(600, 400));
        assertThat(Fitting.cropped(COVER, Fitting.scaled(COVER, 200, 100))).isEqualTo(new Size(200, 100));
    }

    @Test
    void theSharedImageIsJustLargeEnoughForTheLargestVariant() {
        VariantSpec large = new VariantSpec("large", 2048, 2048, Fit.INSIDE, false, 80);

        assertThat(Fitting.sharedBox(List.of(COVER, INSIDE, large), 3000, 2000)).isEqualTo(new Size(2048, 1366));
        assertThat(Fitting.sharedBox(List.of(COVER, INSIDE), 3000, 2000)).isEqualTo(new Size(1024, 683));
        assertThat(Fitting.sharedBox(List.of(INSIDE), 1024, 512)).isEqualTo(new Size(1024, 512));
    }

    @Test
    void aCoverThumbnailOfAPanoramaNeedsATallerSharedImageThanTheLargeVariant() {
        VariantSpec large = new VariantSpec("large", 2048, 2048, Fit.INSIDE, false, 80);

        Size box = Fitting.sharedBox(List.of(COVER, large), 10000, 783);

        assertThat(box.height()).isGreaterThanOrEqualTo(256);
        assertThat(box.width()).isGreaterThanOrEqualTo(2048);
        assertThat(box).isEqualTo(new Size(3270, 256));
    }

    @Test
    void neverDecodesLargerThanTheOriginal() {
        assertThat(Fitting.sharedBox(List.of(INSIDE), 600, 400)).isEqualTo(new Size(600, 400));
    }

    @Test
    void aVeryThinImageKeepsAtLeastOnePixel() {
        assertThat(Fitting.scaled(INSIDE, 100000, 10)).isEqualTo(new Size(1024, 1));
    }
}
