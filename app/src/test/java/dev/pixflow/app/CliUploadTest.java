package dev.pixflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.MultipartClient;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CLI as a user runs it: a real process against a real server. The resume test kills the CLI
 * with SIGKILL once the server holds some parts (a condition polled on the server, not a sleep; the
 * CLI's --limit-rate only keeps the upload long enough to be caught in the middle), reruns it, and
 * checks one image with the file's SHA-256 results and no part was stored twice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CliUploadTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final int PART = 64 * 1024;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.worker.enabled", () -> "false");
        r.add("pixflow.multipart.part-size", () -> "64KB");
        r.add("pixflow.multipart.min-part-size", () -> "64KB");
        r.add("pixflow.upload.max-bytes", () -> Long.toString(SYNC_LIMIT));
    }

    /** Far above every image sent in one request here, and below the file the limit test sends. */
    static final long SYNC_LIMIT = 8 * 1024 * 1024;

    @Autowired
    MeterRegistry registry;

    @TempDir
    Path tmp;

    @Test
    void anUploadKilledMidwayResumesWithThePartsTheServerHolds() throws Exception {
        Path image = TestImages.tiff(tmp, 1280, 800);
        byte[] bytes = Files.readAllBytes(image);
        int parts = (int) Math.ceilDiv(bytes.length, PART);
        assertThat(parts).isGreaterThan(20);
        Path state = tmp.resolve("state");
        double storedBefore = partsStored();

        String uploadId = killedOnceItHolds(5, state, tmp.resolve("first.out"), image.toString(), "--state-dir", state.toString(),
                "--multipart-threshold", "128K", "--parallel", "4", "--limit-rate", "256K");
        int heldAtKill = partsHeld(uploadId);
        assertThat(heldAtKill).as("killed in the middle").isBetween(5, parts - 1);
        assertThat(imagesWithSha(MultipartClient.sha256Hex(bytes))).isEmpty();

        Path out = tmp.resolve("second.out");
        Process second = cli(out, image.toString(), "--state-dir", state.toString(), "--multipart-threshold", "128K",
                "--parallel", "4");
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(out);
        assertThat(second.exitValue()).as(output).isZero();
        assertThat(output).contains("resuming upload " + uploadId);

        List<JsonNode> made = imagesWithSha(MultipartClient.sha256Hex(bytes));
        assertThat(made).as("one image, with the file's SHA-256").hasSize(1);
        assertThat(made.get(0).get("bytes").asLong()).isEqualTo(bytes.length);
        assertThat(output).contains(made.get(0).get("id").asText());
        assertThat(partsStored() - storedBefore).as("every part stored exactly once across both runs").isEqualTo(parts);
        try (Stream<Path> left = Files.list(state)) {
            assertThat(left.filter(p -> p.toString().endsWith(".json")).toList()).as("state forgotten once done").isEmpty();
        }
    }

    @Test
    void smallFilesGoInOneRequestWithTheirTitleAndTags() throws Exception {
        Path a = TestImages.jpeg(tmp, 300, 200);
        Path b = TestImages.png(tmp, 200, 300);
        Path out = tmp.resolve("small.out");
        Process p = cli(out, a.toString(), b.toString(), "--state-dir", tmp.resolve("state").toString(),
                "--title", "Harbour", "--tags", "sea,boats");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(out)).isZero();
        for (Path f : List.of(a, b)) {
            List<JsonNode> made = imagesWithSha(MultipartClient.sha256Hex(Files.readAllBytes(f)));
            assertThat(made).hasSize(1);
            assertThat(made.get(0).get("title").asText()).isEqualTo("Harbour");
            assertThat(made.get(0).get("tags")).extracting(JsonNode::asText).containsExactly("sea", "boats");
            assertThat(made.get(0).get("filename").asText()).isEqualTo(f.getFileName().toString());
        }
        Path again = tmp.resolve("again.out");
        Process twice = cli(again, a.toString(), "--state-dir", tmp.resolve("state").toString(), "--title", "Harbour", "--tags", "sea,boats");
        assertThat(twice.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String id = imagesWithSha(MultipartClient.sha256Hex(Files.readAllBytes(a))).getFirst().get("id").asText();
        assertThat(Files.readString(again)).as("the same image, and said so").contains(a + " -> " + id).contains("(already there");
        assertThat(imagesWithSha(MultipartClient.sha256Hex(Files.readAllBytes(a)))).hasSize(1);

        // The same bytes asked to be something else: the server's refusal, and this command's option for a new image.
        Path other = tmp.resolve("other.out");
        Process differs = cli(other, a.toString(), "--state-dir", tmp.resolve("state").toString(), "--title", "Lighthouse");
        assertThat(differs.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(differs.exitValue()).isEqualTo(1);
        assertThat(Files.readString(other)).contains("urn:pixflow:problem:duplicate-differs").contains("--allow-duplicate");
    }

    @Test
    void aFileTheServerRefusesFailsTheRunAndNamesTheProblem() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.jpg"), "not pixels ".repeat(30_000));
        Path out = tmp.resolve("refused.out");
        Process p = cli(out, text.toString(), "--state-dir", tmp.resolve("state").toString(), "--multipart-threshold", "128K");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(Files.readString(out)).contains("urn:pixflow:problem:not-an-image");
    }

    @Test
    void aRerunWithOtherOptionsStartsAgainAndAbortsTheUploadItLeft() throws Exception {
        Path image = TestImages.tiff(tmp, 1280, 800);
        byte[] bytes = Files.readAllBytes(image);
        int before = imagesWithSha(MultipartClient.sha256Hex(bytes)).size();
        Path state = tmp.resolve("state");
        String uploadId = killedOnceItHolds(2, state, tmp.resolve("typo.out"), image.toString(), "--state-dir", state.toString(),
                "--multipart-threshold", "128K", "--limit-rate", "256K", "--title", "Typo");

        Path out = tmp.resolve("fixed.out");
        Process second = cli(out, image.toString(), "--state-dir", state.toString(), "--multipart-threshold", "128K",
                "--title", "Fixed", "--visibility", "private");
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(out);
        assertThat(second.exitValue()).as(output).isZero();
        assertThat(output).contains("the options differ since the interrupted upload " + uploadId + "; starting again")
                .doesNotContain("resuming");

        List<JsonNode> made = imagesWithSha(MultipartClient.sha256Hex(bytes));
        assertThat(made).as("one image more").hasSize(before + 1);
        JsonNode newest = made.get(0);
        assertThat(newest.get("id").asText()).isEqualTo(output.substring(output.indexOf(" -> ") + 4).split(" ")[0]);
        assertThat(newest.get("title").asText()).isEqualTo("Fixed");
        assertThat(newest.get("visibility").asText()).isEqualTo("private");
        assertThat(http().get("/v1/uploads/" + uploadId).statusCode()).as("the upload left behind is aborted").isEqualTo(404);
    }

    @Test
    void aFileOverTheServersLimitIsRefusedWithTheServersProblem() throws Exception {
        Path big = tmp.resolve("big.jpg");
        Files.write(big, new byte[(int) SYNC_LIMIT + 1]);
        Path out = tmp.resolve("big.out");
        Process p = cli(out, big.toString(), "--state-dir", tmp.resolve("state").toString(), "--multipart-threshold", "1G");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(out);
        assertThat(p.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("refused: 413 urn:pixflow:problem:too-large").doesNotContain("resume");
    }

    @Test
    void whatCannotBeSentIsSaidInWordsAndNeverOffersAResume() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.jpg"));
        Path folder = Files.createDirectories(tmp.resolve("holiday"));
        Path missing = tmp.resolve("missing.jpg");
        Path good = TestImages.jpeg(tmp, 120, 80);
        Path out = tmp.resolve("words.out");
        Process p = cli(out, empty.toString(), folder.toString(), missing.toString(), good.toString(),
                "--state-dir", tmp.resolve("state").toString());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(out);
        assertThat(p.exitValue()).as(output).isEqualTo(1);
        assertThat(output)
                .contains(empty + ": refused: 400 urn:pixflow:problem:empty-body")
                .contains(folder + ": failed: is a directory")
                .contains(missing + ": failed: no such file")
                .contains(good + " -> ")
                .doesNotContain("resume").doesNotContain("Exception")
                .as("no progress bar drawn into a file").doesNotContain("\u001b[").doesNotContain("\r");

        Path refused = tmp.resolve("refused.out");
        Process unreachable = new ProcessBuilder(javaCli("upload", "--server", "http://127.0.0.1:1", good.toString()))
                .redirectErrorStream(true).redirectOutput(refused.toFile()).start();
        assertThat(unreachable.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(refused)).contains(good + ": failed: cannot reach http://127.0.0.1:1: connection refused");
    }

    @Test
    void aStateDirectoryThatCannotBeUsedIsNamedAndLeavesNoUploadOpen() throws Exception {
        Path image = TestImages.tiff(tmp, 640, 400);
        Path notADirectory = Files.writeString(tmp.resolve("state-file"), "x");
        Path out = tmp.resolve("state.out");
        double startedBefore = uploads("started");
        double abortedBefore = uploads("aborted");
        Process p = cli(out, image.toString(), "--state-dir", notADirectory.toString(), "--multipart-threshold", "128K");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(out);
        assertThat(p.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains(image + ": failed: cannot keep the upload's state in " + notADirectory)
                .doesNotContain("no such file").doesNotContain("resume");
        assertThat(uploads("started") - startedBefore).as("an upload was started").isEqualTo(1.0);
        assertThat(uploads("aborted") - abortedBefore).as("and aborted: not resumable, so not left open").isEqualTo(1.0);
    }

    @Test
    void aFileSentInOneRequestAbortsTheUploadInPartsAnEarlierRunLeftOfIt() throws Exception {
        // A size of its own: the other tests count the images of their files.
        Path image = TestImages.tiff(tmp, 1288, 800);
        byte[] bytes = Files.readAllBytes(image);
        int before = imagesWithSha(MultipartClient.sha256Hex(bytes)).size();
        Path state = tmp.resolve("state");
        String uploadId = killedOnceItHolds(2, state, tmp.resolve("cut.out"), image.toString(), "--state-dir", state.toString(),
                "--multipart-threshold", "128K", "--limit-rate", "256K");

        Path out = tmp.resolve("whole.out");
        Process whole = cli(out, image.toString(), "--state-dir", state.toString(), "--allow-duplicate");
        assertThat(whole.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(whole.exitValue()).as(Files.readString(out)).isZero();
        assertThat(savedUploadId(state)).as("the earlier run's state forgotten").isEmpty();
        assertThat(http().get("/v1/uploads/" + uploadId).statusCode()).as("its upload aborted").isEqualTo(404);

        Path again = tmp.resolve("again.out");
        Process parts = cli(again, image.toString(), "--state-dir", state.toString(), "--multipart-threshold", "128K");
        assertThat(parts.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(again)).as("a later run in parts starts afresh").doesNotContain("resuming");
        assertThat(imagesWithSha(MultipartClient.sha256Hex(bytes))).hasSize(before + 2);
    }

    /**
     * Runs the CLI and kills it with SIGKILL once the server holds {@code parts} parts of its upload (a
     * condition polled on the server, not a sleep); the upload's id, as the CLI saved it in {@code state}.
     */
    private String killedOnceItHolds(int parts, Path state, Path output, String... args) throws Exception {
        Process running = cli(output, args);
        String uploadId = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> savedUploadId(state), Optional::isPresent).orElseThrow();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> partsHeld(uploadId) >= parts);
        running.destroyForcibly();
        assertThat(running.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return uploadId;
    }

    private Process cli(Path output, String... args) throws IOException {
        List<String> command = javaCli("upload", "--server", "http://localhost:" + port);
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private static List<String> javaCli(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.pixflow.cli.PixflowCli"));
        command.addAll(List.of(args));
        return command;
    }

    private static Optional<String> savedUploadId(Path stateDir) throws IOException {
        if (!Files.isDirectory(stateDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(stateDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                return Optional.of(new ObjectMapper().readTree(Files.readString(f)).get("uploadId").asText());
            }
        }
        return Optional.empty();
    }

    private int partsHeld(String uploadId) {
        return Http.json(http().get("/v1/uploads/" + uploadId)).get("parts").size();
    }

    private double uploads(String outcome) {
        return registry.counter("pixflow.multipart.uploads", "outcome", outcome).count();
    }

    private double partsStored() {
        return registry.counter("pixflow.multipart.parts").count();
    }

    private List<JsonNode> imagesWithSha(String sha) {
        List<JsonNode> out = new ArrayList<>();
        Http.json(http().get("/v1/images?limit=100")).get("items").forEach(i -> {
            if (i.get("sha256").asText().equals(sha)) {
                out.add(i);
            }
        });
        return out;
    }
}
