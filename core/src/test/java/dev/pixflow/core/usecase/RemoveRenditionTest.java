package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.core.testing.FakeImages;
import dev.pixflow.core.testing.InMemoryCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoveRenditionTest {
    private static final Caller ANA = new Caller("ana", false);
    private static final Caller BOB = new Caller("bob", false);

    @TempDir
    Path dir;
    private InMemoryCore core;
    private final List<ImageId> changed = new ArrayList<>();
    private RemoveRendition removals;

    @BeforeEach
    void wire() throws IOException {
        core = new InMemoryCore(dir);
        ImageChanges changes = new ImageChanges();
        changes.onChange(changed::add);
        removals = core.removeRendition(changes);
    }

    @AfterEach
    void close() {
        core.close();
    }

    private ImageRecord withHero() throws IOException {
        ImageRecord image = core.upload("ana", FakeImages.bytes("jpeg", 1600, 1200));
        Variant hero = Variant.of("hero", "w:300");
        core.catalogue().requestRendition(image.id(), hero, core.clock().instant(), new JobSpec(image.id(), List.of(), List.of(hero)));
        core.renderVariants().renderVariants(core.catalogue().find(image.id()).orElseThrow(), List.of(hero));
        return core.catalogue().find(image.id()).orElseThrow();
    }

    @Test
    void theRecordGoesThenTheBytesAndDeliveryIsTold() throws Exception {
        ImageRecord image = withHero();
        Rendition hero = image.renditions().get("hero");
        assertThat(core.blobs().keys(BlobKey.renditionPrefix(image.id()))).contains(hero.key().value());

        var removed = removals.remove(ANA, image.id(), "hero");

        assertThat(removed.made()).contains(hero);
        assertThat(core.catalogue().find(image.id()).orElseThrow().renditions()).doesNotContainKey("hero");
        assertThat(core.blobs().keys(BlobKey.renditionPrefix(image.id()))).doesNotContain(hero.key().value());
        assertThat(changed).containsExactly(image.id());
        assertThat(core.events().ofType(EventType.RENDITION_DELETED)).singleElement()
                .satisfies(e -> assertThat(e.variant()).contains("hero"));
    }

    @Test
    void anotherOwnersConfiguredVariantsAndUnknownNamesAreRefusedAndNothingChanges() throws Exception {
        ImageRecord image = withHero();

        assertThatThrownBy(() -> removals.remove(BOB, image.id(), "hero")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> removals.remove(ANA, image.id(), "thumb")).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> removals.remove(ANA, image.id(), "poster")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("asked for: hero");

        assertThat(core.catalogue().find(image.id()).orElseThrow().renditions()).containsKey("hero");
        assertThat(changed).isEmpty();
        assertThat(core.events().ofType(EventType.RENDITION_DELETED)).isEmpty();
    }
}
