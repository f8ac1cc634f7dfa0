package dev.pixflow.app.deploy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher ({@code ./pixflow}) builds when a source is newer than the output a command runs, and
 * only then. Run here on a copy of the script in a tree of its own, with a JDK and a Maven that are
 * scripts: the Maven rewrites the server's jar, as a real build does, and leaves the client's jar as it
 * was, as Maven does for a module none of whose own sources changed.
 */
class LauncherBuildTest {
    private static final Path SCRIPT = Path.of("..", "pixflow");
    private static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");

    @TempDir
    Path root;

    @BeforeEach
    void aTreeWithASourceNewerThanItsJars() throws IOException {
        Files.copy(SCRIPT, root.resolve("pixflow"));
        executable(root.resolve("jdk/bin/javac"), "exit 0");
        executable(root.resolve("jdk/bin/java"), """
                case "$1" in
                  -XshowSettings:properties) echo '    java.specification.version = 25' >&2 ;;
                  *) echo "signed $*" ;;
                esac
                """);
        executable(root.resolve("bin/mvn"), """
                echo build >> "%s"
                echo "maven's own output"
                touch "%s"
                """.formatted(root.resolve("builds.log"), root.resolve("app/target/pixflow.jar")));
        for (String jar : List.of("app/target/pixflow.jar", "cli/target/pixflow-cli.jar")) {
            Path file = Files.createDirectories(root.resolve(jar).getParent()).resolve(root.resolve(jar).getFileName());
            Files.writeString(file, "jar");
            Files.setLastModifiedTime(file, FileTime.from(LONG_AGO));
        }
        Path source = Files.createDirectories(root.resolve("core/src/main/java")).resolve("Changed.java");
        Files.writeString(source, "class Changed {}");
    }

    @Test
    void aCommandBuildsOnceAfterAChangeAndNotAgain() throws Exception {
        String first = sign();
        String second = sign();

        assertThat(Files.readAllLines(root.resolve("builds.log"))).as("builds").hasSize(1);
        assertThat(first).isEqualTo(second).startsWith("signed -jar");
    }

    @Test
    void aCommandsOutputIsItsAnswerAloneWhenItBuilds() throws Exception {
        assertThat(sign()).doesNotContain("maven").startsWith("signed -jar").endsWith("sign /i/x/thumb\n");
    }

    private String sign() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("pixflow").toString(), "sign", "/i/x/thumb")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", root.resolve("jdk").toString());
        builder.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit status, output: %s", out).isZero();
        return out;
    }

    private static void executable(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/usr/bin/env bash\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
