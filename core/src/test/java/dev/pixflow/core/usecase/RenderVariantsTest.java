package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.Rendition;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.core.testing.FakeImages;
import dev.pixflow.core.testing.InMemoryCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenderVariantsTest {
    @TempDir
    Path dir;
    private InMemoryCore core;
    private RenderVariants renderer;

    @BeforeEach
    void wire() throws IOException {
        core = new InMemoryCore(dir);
        renderer = core.renderVariants();
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void keysAreDeterministicSoRenderingTwiceKeepsOneObject() throws Exception {
        ImageRecord image = core.upload("ana", FakeImages.bytes("jpeg", 1600, 1200));

        Rendition first = renderer.render(image, List.of("thumb")).get("thumb");
        Rendition second = renderer.render(current(image), List.of("thumb")).get("thumb");

        Variant thumb = core.variants().find("thumb").orElseThrow();
        BlobKey expected = BlobKey.rendition(image.id(), "thumb", thumb.recipeHash(), ImageFormat.JPEG);
        assertThat(first.key()).isEqualTo(expected);
        assertThat(second.key()).isEqualTo(expected);
        assertThat(core.blobs().keys(BlobKey.renditionPrefix(image.id()))).containsExactly(expected.value());
        assertThat(core.blobs().puts()).as("the first object stays").filteredOn(expected.value()::equals).hasSize(1);
        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(current(image).renditions()).containsOnlyKeys("thumb");
        assertThat(current(image).renditions().get("thumb")).isEqualTo(second);
    }

    @Test
    void aRenditionStoredMeanwhileInOtherBytesIsKeptAndRecordedAsItIs() throws Exception {
        ImageRecord image = core.upload("ana", FakeImages.bytes("jpeg", 1600, 1200));
        Variant thumb = core.variants().find("thumb").orElseThrow();
        BlobKey key = BlobKey.rendition(image.id(), "thumb", thumb.recipeHash(), ImageFormat.JPEG);
        byte[] theirs = "made by a render on a request".getBytes();
        core.blobs().putBytes(key, theirs);

        Rendition mine = renderer.render(image, List.of("thumb")).get("thumb");

        assertThat(core.blobs().bytes(key)).as("a response may be sending these").isEqualTo(theirs);
        assertThat(mine.bytes()).isEqualTo(theirs.length);
        assertThat(mine.sha256()).isEqualTo(UploadImageTest.sha256(theirs));
        assertThat(current(image).renditions().get("thumb")).isEqualTo(mine);
    }

    @Test
    void aRenditionRecordsWhatWasStored() throws Exception {
        ImageRecord image = core.upload("ana", FakeImages.bytes("png", 800, 600, true));

        Rendition medium = renderer.render(image, List.of("medium")).get("medium");

        byte[] stored = core.blobs().bytes(medium.key());
        assertThat(medium.format()).as("a source with alpha keeps it in WebP").isEqualTo(ImageFormat.WEBP);
        assertThat(medium.key().value()).endsWith(".webp");
        assertThat(medium.width()).isEqualTo(800);
        assertThat(medium.height()).isEqualTo(600);
        assertThat(medium.bytes()).isEqualTo(stored.length);
        assertThat(medium.sha256()).isEqualTo(UploadImageTest.sha256(stored));
        assertThat(medium.createdAt()).isEqualTo(InMemoryCore.START);
        assertThat(FakeImages.parse(new String(stored)).orElseThrow().alpha()).isTrue();
        assertThat(core.events().ofType(EventType.RENDITION_READY)).singleElement().satisfies(e -> {
            assertThat(e.variant()).hasValue("medium");
            assertThat(e.owner()).isEqualTo("ana");
            assertThat(e.bytes()).isEqualTo(stored.length);
        });
    }

    @Test
    void severalVariantsComeFromOneDecode() throws Exception {
        ImageRecord image = core.upload("ana", FakeImages.bytes("jpeg", 4000, 3000));

        Map<String, Rendition> made = renderer.render(image, List.of("thumb", "medium", "large"));

        assertThat(made).containsOnlyKeys("thumb", "medium", "large");
        assertThat(core.engine().renders()).singleElement()
                .satisfies(r -> assertThat(r.variants()).extracting(Variant::name).containsExactly("thumb", "medium", "large"));
    }

    @Test
    void nothingToRenderDecodesNothing() throws Exception {
        ImageRecord image = core.upload("ana", FakeImages.bytes("jpeg", 400, 300));

        assertThat(renderer.renderVariants(image, List.of())).isEmpty();
        assertThat(core.engine().renders()).isEmpty();
    }

    @Test
    void aRenditionOfAnImageDeletedMeanwhileDeletesItsBytesAndIsNotFound() throws Exception {
        ImageRecord image = core.upload("ana", FakeImages.bytes("jpeg", 1600, 1200));
        core.engine().duringRender(() -> core.catalogue().remove(image.id(), core.clock().instant(), Optional.empty(),
                key -> { }));

        assertThatThrownBy(() -> renderer.render(image, List.of("thumb", "medium"))).isInstanceOf(NotFoundException.class);

        assertThat(core.blobs().keys(BlobKey.renditionPrefix(image.id()))).isEmpty();
        assertThat(core.events().ofType(EventType.RENDITION_READY)).isEmpty();
        try (var left = Files.list(core.blobs().spoolDirectory())) {
            assertThat(left).as("the outputs not stored are deleted too").isEmpty();
        }
    }

    @Test
    void anAskedForRenditionRemovedWhileItRendersIsNotRecordedAndItsBytesGo() throws Exception {
        ImageRecord image = core.upload("ana", FakeImages.bytes("jpeg", 1600, 1200));
        Variant hero = Variant.of("hero", "w:300");
        core.catalogue().requestRendition(image.id(), hero, core.clock().instant(), new JobSpec(image.id(), List.of(), List.of(hero)));
        core.engine().duringRender(() -> core.catalogue().removeRendition(image.id(), "hero", core.clock().instant()));

        Map<String, Rendition> made = renderer.renderVariants(current(image), List.of(core.variants().find("thumb").orElseThrow(), hero));

        assertThat(current(image).renditions()).containsOnlyKeys("thumb");
        assertThat(core.blobs().keys(BlobKey.renditionPrefix(image.id()))).as("the thumb's bytes stay, the hero's go")
                .containsExactly(made.get("thumb").key().value());
        assertThat(core.events().ofType(EventType.RENDITION_READY)).singleElement()
                .satisfies(e -> assertThat(e.variant()).contains("thumb"));
    }

    @Test
    void aVariantMadeUnderAnOlderRecipeIsMissing() throws Exception {
        ImageRecord image = core.upload("ana", FakeImages.bytes("jpeg", 1600, 1200));
        renderer.render(image, List.of("thumb", "medium", "large"));
        RenderVariants changed = core.renderVariants(new VariantCatalogue(List.of(
                Variant.of("thumb", "w:200,h:200,fit:cover"), Variant.of("medium", VariantCatalogue.MEDIUM),
                Variant.of("large", VariantCatalogue.LARGE))));

        assertThat(renderer.missing(current(image), List.of("thumb", "medium", "large"))).isEmpty();
        assertThat(changed.missing(current(image), List.of("thumb", "medium", "large"))).containsExactly("thumb");
        assertThat(changed.missing(current(image), List.of("medium", "unknown"))).as("unknown names are no variant").isEmpty();
    }

    @Test
    void renderFilesRecordsNothing() throws Exception {
        ImageRecord image = core.upload("ana", FakeImages.bytes("jpeg", 1600, 1200));

        var files = renderer.renderFiles(image, core.variants().all());

        assertThat(files).hasSize(3).allSatisfy(f -> assertThat(f.file()).exists());
        assertThat(current(image).renditions()).isEmpty();
        assertThat(core.blobs().keys(BlobKey.renditionPrefix(image.id()))).isEmpty();
    }

    private ImageRecord current(ImageRecord image) {
        return core.catalogue().find(image.id()).orElseThrow();
    }
}
