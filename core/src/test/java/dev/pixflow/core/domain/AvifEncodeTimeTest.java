package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.recipe.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvifEncodeTimeTest {
    private static final Size PHOTO = new Size(6028, 3391);

    private static Size check(String recipe) {
        return RenditionLimits.DEFAULTS.checkRequest(Recipe.parse(recipe), PHOTO);
    }

    @Test
    void theDefaultSpeedAndAFastOneAreTakenOnAWhole20MegapixelPhoto() {
        assertThat(check("f:avif")).isEqualTo(PHOTO);
        assertThat(check("f:avif,speed:6")).isEqualTo(PHOTO);
        assertThat(check("w:1200,f:avif,speed:2")).isEqualTo(new Size(1200, 675));
    }

    @Test
    void aSlowSpeedOnALargeOutputIsRefusedNamingASpeedThatWould() {
        assertThatThrownBy(() -> check("f:avif,speed:4")).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.field()).isEqualTo("speed");
            assertThat(e.getMessage()).contains("6028x3391").contains("speed 6 or more");
        });
        assertThatThrownBy(() -> check("w:2600,f:avif,speed:0")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("speed 3 or more");
        assertThat(check("w:2600,f:webp").width()).as("another format is not the AV1 encoder's").isEqualTo(2600);
    }

    @Test
    void whereNoSpeedWouldDoTheLargestOutputThatWouldIsNamed() {
        assertThatThrownBy(() -> RenditionLimits.DEFAULTS.checkRequest(Recipe.parse("f:avif,speed:9"), new Size(10000, 6000)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at most 50 megapixels")
                .hasMessageNotContaining("speed 9 or more");
    }
}
