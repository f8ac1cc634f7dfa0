package dev.pixflow.app.config;

import dev.pixflow.app.PixflowApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A setting Pixflow refuses at start is told in a few lines, its reason first, not as a stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class SettingRefusedAnalyzerTest {

    @Test
    void aRefusalOfPixflowsOwnIsToldAndAnyOtherIsNot() {
        var told = new SettingRefusedAnalyzer().analyze(new BeanCreationException("renderVariants",
                new IllegalArgumentException("the render deadline must be positive, not PT0S")));
        assertThat(told.getDescription()).isEqualTo("Pixflow cannot start: the render deadline must be positive, not PT0S");
        assertThat(told.getAction()).contains("docs/configuration.md");
        assertThat(new SettingRefusedAnalyzer().analyze(new BeanCreationException("x", numberFormat()))).as("the JDK's").isNull();
    }

    private static NumberFormatException numberFormat() {
        try {
            Integer.parseInt("x");
            throw new AssertionError("parsed");
        } catch (NumberFormatException e) {
            return e;
        }
    }

    @Test
    void theStartUpLogSaysWhyInAFewLines(@TempDir Path data, CapturedOutput output) {
        String log = failedStart(data, output, "--pixflow.engine.render-deadline=0s");
        assertThat(log).contains("APPLICATION FAILED TO START").contains("Pixflow cannot start: the render deadline must be positive")
                .contains("docs/configuration.md");
    }

    @Test
    void aMisspeltSettingStopsTheStartNamingWhatItMayHaveMeant(@TempDir Path data, CapturedOutput output) {
        String log = failedStart(data, output, "--pixflow.uplaod.max-bytes=1MB");
        assertThat(log).contains("Pixflow cannot start: pixflow.uplaod.max-bytes is no setting; did you mean"
                + " pixflow.multipart.max-bytes or pixflow.upload.max-bytes?");
        assertThat(data.resolve("pixflow.db")).as("stopped before anything was opened").doesNotExist();
    }

    @Test
    void aValueOfTheWrongKindIsToldInALine(@TempDir Path data, CapturedOutput output) {
        String log = failedStart(data, output, "--pixflow.upload.max-bytes=banana");
        assertThat(log).contains("Pixflow cannot start: pixflow.upload.max-bytes is 'banana': ");
    }

    /** What a server started with {@code setting} (which it must refuse) logged. */
    private static String failedStart(Path data, CapturedOutput output, String setting) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(PixflowApplication.class).run("--server.port=0",
                "--pixflow.data-dir=" + data, "--pixflow.worker.enabled=false", setting)).isNotNull();
        return output.getOut() + output.getErr();
    }
}
