package dev.pixflow.core.recipe;

import dev.pixflow.core.media.ImageFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FormatNegotiationTest {
    private static final String CHROME = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
    private static final String OLD_SAFARI = "image/webp,image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5";

    @Test
    void prefersAvifThenWebpThenJpeg() {
        assertThat(FormatNegotiation.choose(CHROME)).isEqualTo(ImageFormat.AVIF);
        assertThat(FormatNegotiation.choose(OLD_SAFARI)).isEqualTo(ImageFormat.WEBP);
        assertThat(FormatNegotiation.choose("image/*,*/*")).isEqualTo(ImageFormat.JPEG);
        assertThat(FormatNegotiation.choose(null)).isEqualTo(ImageFormat.JPEG);
    }

    @Test
    void aTypeRefusedWithQZeroIsNotChosen() {
        assertThat(FormatNegotiation.choose("image/avif;q=0, image/webp")).isEqualTo(ImageFormat.WEBP);
        assertThat(FormatNegotiation.choose("IMAGE/AVIF; q=0.5")).isEqualTo(ImageFormat.AVIF);
    }

    /** RFC 9110, 12.5.1: the client's weights decide; the order of preference only breaks ties. */
    @Test
    void theClientsWeightsDecideAndEqualWeightsGoToTheNewerFormat() {
        assertThat(FormatNegotiation.choose("image/avif;q=0.1,image/webp;q=0.9")).isEqualTo(ImageFormat.WEBP);
        assertThat(FormatNegotiation.choose("image/avif;q=0.5,image/jpeg")).isEqualTo(ImageFormat.JPEG);
        assertThat(FormatNegotiation.choose("image/avif;q=0.5,*/*")).as("*/* weighs JPEG at 1").isEqualTo(ImageFormat.JPEG);
        assertThat(FormatNegotiation.choose("image/avif;q=0.9,image/*;q=0.8")).isEqualTo(ImageFormat.AVIF);
        assertThat(FormatNegotiation.choose("image/webp;q=0.7,image/avif;q=0.7,image/jpeg;q=0.7")).isEqualTo(ImageFormat.AVIF);
        assertThat(FormatNegotiation.choose("image/avif;q=2,image/webp;q=x")).as("weights out of range count as 0").isEqualTo(ImageFormat.JPEG);
        assertThat(FormatNegotiation.choose("image/jpeg;q=0,image/png;q=0")).as("no 406: JPEG all the same").isEqualTo(ImageFormat.JPEG);
        assertThat(FormatNegotiation.choose("image/png, image/jpeg;q=0")).as("JPEG refused, PNG taken").isEqualTo(ImageFormat.PNG);
        assertThat(FormatNegotiation.choose("image/jpeg;q=0, image/*")).as("a modern format only where named").isEqualTo(ImageFormat.PNG);
        assertThat(FormatNegotiation.choose("image/png;q=0, image/jpeg", true, false)).as("alpha, PNG refused").isEqualTo(ImageFormat.JPEG);
    }

    @Test
    void transparencyAndAnimationNarrowTheChoice() {
        assertThat(FormatNegotiation.choose("image/jpeg", true, false)).isEqualTo(ImageFormat.PNG);
        assertThat(FormatNegotiation.choose(CHROME, false, true)).isEqualTo(ImageFormat.WEBP);
        assertThat(FormatNegotiation.choose("image/gif", false, true)).isEqualTo(ImageFormat.GIF);
    }

    /** A GIF may be animated: it keeps its frames as WebP or GIF whatever the client takes, never a still PNG. */
    @Test
    void aGifStaysAnAnimationAndAWebpStaysOneWhereAvifWouldBeChosen() {
        assertThat(FormatNegotiation.chooseFor("*/*", ImageFormat.GIF, true)).isEqualTo(ImageFormat.GIF);
        assertThat(FormatNegotiation.chooseFor("image/gif", ImageFormat.GIF, false)).isEqualTo(ImageFormat.GIF);
        assertThat(FormatNegotiation.chooseFor(CHROME, ImageFormat.GIF, false)).isEqualTo(ImageFormat.WEBP);
        assertThat(FormatNegotiation.chooseFor(CHROME, ImageFormat.WEBP, false)).isEqualTo(ImageFormat.WEBP);
        assertThat(FormatNegotiation.chooseFor(CHROME, ImageFormat.JPEG, false)).isEqualTo(ImageFormat.AVIF);
        assertThat(FormatNegotiation.chooseFor("*/*", ImageFormat.PNG, true)).isEqualTo(ImageFormat.PNG);
    }

    /** A client that takes AVIF but no WebP gets a WebP's still as JPEG, or PNG to keep transparency: never a GIF of 256 colours. */
    @Test
    void aWebpForAClientTakingAvifButNoWebpIsAStillInAFormatItTakes() {
        assertThat(FormatNegotiation.chooseFor("image/avif", ImageFormat.WEBP, false)).isEqualTo(ImageFormat.JPEG);
        assertThat(FormatNegotiation.chooseFor("image/avif", ImageFormat.WEBP, true)).isEqualTo(ImageFormat.PNG);
        assertThat(FormatNegotiation.chooseFor("image/avif,image/webp;q=0", ImageFormat.WEBP, false)).isEqualTo(ImageFormat.JPEG);
    }
}
