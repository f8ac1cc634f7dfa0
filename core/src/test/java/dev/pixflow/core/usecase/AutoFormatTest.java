package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.RenditionLimits;
import dev.pixflow.core.recipe.OutputFormat;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.testing.FakeImages;
import dev.pixflow.core.testing.InMemoryCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AutoFormatTest {
    private static final Optional<String> MODERN = Optional.of("image/avif,image/webp,*/*");

    @TempDir
    Path dir;
    private InMemoryCore core;

    @BeforeEach
    void wire() throws IOException {
        core = new InMemoryCore(dir);
    }

    @AfterEach
    void close() {
        core.close();
    }

    private OutputFormat chosen(ImageRecord image, String recipe, Optional<String> accept) {
        return AutoFormat.resolve(Recipe.parse(recipe), image, accept, RenditionLimits.DEFAULTS).output().format();
    }

    /** f:auto never asks for what the AV1 encoder would take too long over: the client gets its next format. */
    @Test
    void anAvifTooSlowForTheOutputGivesTheNextFormatTheClientTakes() throws IOException {
        ImageRecord huge = core.upload("ana", FakeImages.bytes("jpeg", 10000, 6000));

        assertThat(chosen(huge, "w:2000,f:auto", MODERN)).isEqualTo(OutputFormat.AVIF);
        assertThat(chosen(huge, "f:auto", MODERN)).as("60 MP at the default speed").isEqualTo(OutputFormat.WEBP);
        assertThat(chosen(huge, "f:auto", Optional.of("image/avif,image/jpeg"))).isEqualTo(OutputFormat.JPEG);
        assertThat(chosen(huge, "f:auto,speed:9", MODERN)).as("even at its fastest").isEqualTo(OutputFormat.WEBP);
        assertThat(chosen(huge, "f:png", MODERN)).as("a format asked for stays").isEqualTo(OutputFormat.PNG);
    }

    /** Options meant for one of the formats auto may choose go when it chooses another, rather than refuse the recipe. */
    @Test
    void optionsForAnotherFormatThanTheOneChosenGo() throws IOException {
        ImageRecord photo = core.upload("ana", FakeImages.bytes("jpeg", 1200, 800));
        Recipe avif = AutoFormat.resolve(Recipe.parse("w:400,f:auto,prog:1,speed:6,q:70"), photo, MODERN, RenditionLimits.DEFAULTS);
        Recipe jpeg = AutoFormat.resolve(Recipe.parse("w:400,f:auto,prog:1,speed:6,q:70"), photo, Optional.of("image/jpeg"),
                RenditionLimits.DEFAULTS);

        assertThat(avif.output().format()).isEqualTo(OutputFormat.AVIF);
        assertThat(avif.output().speed()).isEqualTo(6);
        assertThat(avif.output().progressive()).isNull();
        assertThat(jpeg.output().format()).isEqualTo(OutputFormat.JPEG);
        assertThat(jpeg.output().progressive()).isTrue();
        assertThat(jpeg.output().speed()).isNull();
        assertThat(jpeg.output().quality()).isEqualTo(70);
    }
}
