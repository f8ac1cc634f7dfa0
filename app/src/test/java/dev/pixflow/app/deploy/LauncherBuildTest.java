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
 * The launcher ({@code ./pixflow}) builds when a source is newer than the output a command runs and
 * than the last build's start, and only then; it leaves the outputs' times to Maven (the server's
 * start-up cache is keyed by its jar's). Run here on a copy of the script in a tree of its own, with a
 * JDK and a Maven that are scripts.
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
        // Maven as it behaves here: rewrites nothing of a module whose sources did not change. Flag files
        // make it rewrite the server's jar, or stand for an edit saved while it runs.
        executable(root.resolve("bin/mvn"), """
                echo build >> "%1$s/builds.log"
                echo "maven's own output"
                [ ! -f "%1$s/rewrites-server-jar" ] || touch "%1$s/app/target/pixflow.jar"
                if [ -f "%1$s/edit-during-build" ]; then
                  rm "%1$s/edit-during-build"
                  # A build that began two seconds ago, an edit saved a second later, and the jars written
                  # after both: each apart from the next by more than a clock tick.
                  touch -d '-2 seconds' "%1$s/app/target/.pixflow-built-from.next"
                  touch -d '-1 second' "%1$s/core/src/main/java/Changed.java"
                  touch "%1$s/app/target/pixflow.jar" "%1$s/cli/target/pixflow-cli.jar"
                fi
                """.formatted(root));
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
        Files.createFile(root.resolve("rewrites-server-jar"));
        String first = sign();
        String second = sign();

        assertThat(Files.readAllLines(root.resolve("builds.log"))).as("builds").hasSize(1);
        assertThat(first).isEqualTo(second).startsWith("signed -jar");
    }

    @Test
    void anOutputMavenLeftAsItWasKeepsItsTimeSoTheStartUpCacheStaysValid() throws Exception {
        sign();
        sign();

        assertThat(Files.readAllLines(root.resolve("builds.log"))).as("builds").hasSize(1);
        assertThat(Files.getLastModifiedTime(root.resolve("app/target/pixflow.jar")).toInstant()).isEqualTo(LONG_AGO);
        assertThat(Files.getLastModifiedTime(root.resolve("cli/target/pixflow-cli.jar")).toInstant()).isEqualTo(LONG_AGO);
    }

    @Test
    void aSourceSavedWhileTheBuildRanIsBuiltNextTime() throws Exception {
        Files.createFile(root.resolve("edit-during-build"));
        sign();
        sign();
        sign();

        assertThat(Files.readAllLines(root.resolve("builds.log"))).as("the edit's build, then none").hasSize(2);
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
