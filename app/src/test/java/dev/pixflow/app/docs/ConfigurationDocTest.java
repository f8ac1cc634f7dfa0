package dev.pixflow.app.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md is what {@link ConfigurationDoc} renders from the configuration metadata, so the
 * page lists exactly the settings the code has, with the code's defaults and descriptions.
 * {@code -Dpixflow.docs.write=true} rewrites the page instead of checking it.
 */
class ConfigurationDocTest {
    /** The repository's page, from the app module's directory (where Maven runs the tests). */
    private static final Path PAGE = Path.of("..", "docs", "configuration.md");
    private static final String REFRESH = "mvn -pl app -am test -Dtest=ConfigurationDocTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dpixflow.docs.write=true";

    @Test
    void theConfigurationPageIsTheRenderingOfTheMetadata() throws IOException {
        String rendered = ConfigurationDoc.render();
        if (Boolean.getBoolean("pixflow.docs.write")) {
            Files.writeString(PAGE, rendered, StandardCharsets.UTF_8);
            return;
        }
        assertThat(PAGE).as("docs/configuration.md is generated; write it with: " + REFRESH).exists();
        assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
                .as("docs/configuration.md is out of date with the settings in the code (their javadoc @param, "
                        + "@DefaultValue or additional-spring-configuration-metadata.json); regenerate it with: " + REFRESH)
                .isEqualTo(rendered);
    }

    @Test
    void everySettingHasADescription() throws IOException {
        assertThat(ConfigurationDoc.load().values())
                .as("pixflow.* settings without a description: give the record component a javadoc @param "
                        + "(or, for a setting read without a properties record, an entry in "
                        + "META-INF/additional-spring-configuration-metadata.json)")
                .filteredOn(p -> p.path("description").asText("").isBlank())
                .extracting(p -> p.path("name").asText())
                .isEmpty();
    }

    @Test
    void sectionsFollowTheGroupsOfTheNames() {
        assertThat(ConfigurationDoc.section("pixflow.upload.max-bytes")).isEqualTo("pixflow.upload");
        assertThat(ConfigurationDoc.section("pixflow.storage.s3.region")).isEqualTo("pixflow.storage");
        assertThat(ConfigurationDoc.section("pixflow.data-dir")).isEqualTo("pixflow");
    }

    @Test
    void javadocBecomesOneTableCell() {
        assertThat(ConfigurationDoc.description("default {@code <topic>.DLT}, or\n   a | b <x>"))
                .isEqualTo("default `<topic>.DLT`, or a \\| b &lt;x&gt;");
        assertThat(ConfigurationDoc.description("keys ({@code renditions/{id}/...}) kept"))
                .isEqualTo("keys (`renditions/{id}/...`) kept");
    }
}
