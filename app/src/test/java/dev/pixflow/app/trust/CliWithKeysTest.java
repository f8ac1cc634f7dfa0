package dev.pixflow.app.trust;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The upload client against a server with keys: it sends its key, whole and in parts, and is refused without one. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CliWithKeysTest extends PixflowTestBase {
    static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.worker.enabled", () -> "false");
        r.add("pixflow.multipart.part-size", () -> "64KB");
        r.add("pixflow.multipart.min-part-size", () -> "64KB");
    }

    @Autowired
    ApiKeys keys;

    @TempDir
    Path tmp;

    @Test
    void theClientSendsItsKeyAndTheImagesAreItsOwners() throws Exception {
        String token = keys.issue("ana", false).token();
        Path small = TestImages.jpeg(tmp, 300, 200);
        Path large = TestImages.tiff(tmp, 1280, 800);
        Path out = tmp.resolve("cli.out");
        Process p = cli(out, small.toString(), large.toString(), "--api-key", token, "--visibility", "private",
                "--multipart-threshold", "128K", "--state-dir", tmp.resolve("state").toString());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(out)).isZero();

        AsKey ana = new AsKey(http(), token);
        JsonNode items = Http.json(ana.get("/v1/images")).get("items");
        assertThat(items).hasSize(2).allSatisfy(i -> {
            assertThat(i.get("owner").asText()).isEqualTo("ana");
            assertThat(i.get("visibility").asText()).isEqualTo("private");
        });
    }

    @Test
    void withoutAKeyTheClientFailsAndNamesTheProblem() throws Exception {
        keys.issue("someone", false);
        Path out = tmp.resolve("refused.out");
        Process p = cli(out, TestImages.jpeg(tmp, 300, 200).toString(), "--state-dir", tmp.resolve("state").toString());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(Files.readString(out)).contains("urn:pixflow:problem:unauthorized")
                .as("told how to give it, in this command's words").contains("(give the key with --api-key or PIXFLOW_API_KEY)");

        Path wrong = tmp.resolve("wrong.out");
        Process p2 = cli(wrong, TestImages.jpeg(tmp, 300, 200).toString(), "--state-dir", tmp.resolve("state").toString(),
                "--api-key", "pxf_not-a-key");
        assertThat(p2.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p2.exitValue()).isEqualTo(1);
        assertThat(Files.readString(wrong)).contains("(check the key given with --api-key or PIXFLOW_API_KEY)");
    }

    private Process cli(Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.pixflow.cli.PixflowCli", "upload",
                "--server", "http://localhost:" + port));
        command.addAll(List.of(args));
        // The key comes from the arguments only, whatever this machine's environment holds.
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().remove("PIXFLOW_API_KEY");
        return pb.start();
    }
}
