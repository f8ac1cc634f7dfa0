package dev.pixflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.MultipartClient;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.app.support.ScaleOutServers;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.engine.vips.testing.TestImages;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CLI against a server whose uploads are in an S3 bucket (s3proxy, with SQS and PostgreSQL: the
 * scale-out mode), which offers presigned parts: every part goes straight to the bucket, none through
 * Pixflow, and a run killed midway resumes from the parts the bucket lists. The through-Pixflow path,
 * and its resume, is {@link CliUploadTest}'s.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CliDirectUploadTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    /** S3's smallest part (but the last), which s3proxy enforces too. */
    static final long PART = 5L * 1024 * 1024;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        ScaleOutServers.all("clidirect").forEach((k, v) -> r.add(k, () -> v));
        r.add("pixflow.multipart.part-size", () -> "5MB");
    }

    /** Every presign request for a part, as the server received it. */
    static final class Presigns extends OncePerRequestFilter {
        private static final Pattern PRESIGN = Pattern.compile("/v1/uploads/([^/]+)/parts/(\\d+)/presign");
        record Presign(String uploadId, int partNumber) {
        }

        final List<Presign> seen = new CopyOnWriteArrayList<>();

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Matcher m = PRESIGN.matcher(request.getRequestURI());
            if ("POST".equals(request.getMethod()) && m.matches()) {
                seen.add(new Presign(m.group(1), Integer.parseInt(m.group(2))));
            }
            chain.doFilter(request, response);
        }

        Set<Integer> of(String uploadId, int from) {
            return seen.subList(from, seen.size()).stream().filter(p -> p.uploadId().equals(uploadId))
                    .map(Presign::partNumber).collect(Collectors.toSet());
        }
    }

    @TestConfiguration
    static class Hooks {
        @Bean
        Presigns presigns() {
            return new Presigns();
        }
    }

    @Autowired
    Presigns presigns;
    @Autowired
    MeterRegistry registry;
    @Autowired
    ApiKeys keys;

    @TempDir
    Path tmp;

    @Test
    void partsGoStraightToTheBucketAndAKilledRunResumesFromThePartsItLists() throws Exception {
        String token = keys.issue("cli-owner", false).token();
        // Uncompressed: 12 MB, three parts. (Under the store's own 16 MiB multipart threshold for originals:
        // s3proxy cannot read one part of an object it stored in parts, which the SDK's download does.)
        Path image = TestImages.tiff(tmp, 2000, 2000);
        byte[] bytes = Files.readAllBytes(image);
        int parts = (int) Math.ceilDiv(bytes.length, PART);
        assertThat(parts).isEqualTo(3);
        Path state = tmp.resolve("state");
        double throughPixflowBefore = registry.counter("pixflow.multipart.parts").count();

        // One part at a time, slowed down, so the run is caught with some of its parts in the bucket.
        Process first = cli(tmp.resolve("first.out"), token, image.toString(), "--state-dir", state.toString(),
                "--multipart-threshold", "8M", "--parallel", "1", "--limit-rate", "4M");
        String uploadId = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> savedUploadId(state), Optional::isPresent).orElseThrow();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> !held(token, uploadId).isEmpty());
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Set<Integer> heldAtKill = held(token, uploadId);
        assertThat(heldAtKill).as("killed in the middle").hasSizeBetween(1, parts - 1);
        assertThat(presigns.of(uploadId, 0)).as("the first run's parts were presigned").containsAll(heldAtKill);

        int presignsBefore = presigns.seen.size();
        Path out = tmp.resolve("second.out");
        Process second = cli(out, token, image.toString(), "--state-dir", state.toString(), "--multipart-threshold", "8M",
                "--parallel", "4");
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(out);
        assertThat(second.exitValue()).as(output).isZero();
        assertThat(output).contains("resuming upload " + uploadId);

        // The rerun presigned (and sent) only parts the bucket did not list; together they are the whole file.
        Set<Integer> resent = presigns.of(uploadId, presignsBefore);
        assertThat(resent).as("parts held at the kill are not sent again").doesNotContainAnyElementsOf(heldAtKill);
        Set<Integer> all = new HashSet<>(heldAtKill);
        all.addAll(resent);
        Set<Integer> expected = IntStream.rangeClosed(1, parts).boxed().collect(Collectors.toSet());
        assertThat(all).isEqualTo(expected);
        assertThat(registry.counter("pixflow.multipart.parts").count() - throughPixflowBefore)
                .as("no part went through Pixflow").isZero();

        JsonNode upload = Http.json(asOwner(token, "/v1/uploads/" + uploadId));
        String imageId = upload.get("imageId").asText();
        assertThat(output).contains(imageId);
        JsonNode made = awaitReady(token, imageId);
        assertThat(made.get("sha256").asText()).isEqualTo(MultipartClient.sha256Hex(bytes));
        assertThat(made.get("bytes").asLong()).isEqualTo(bytes.length);
        assertThat(made.get("owner").asText()).isEqualTo("cli-owner");
        try (Stream<Path> left = Files.list(state)) {
            assertThat(left.filter(p -> p.toString().endsWith(".json")).toList()).as("state forgotten once done").isEmpty();
        }
    }

    private JsonNode awaitReady(String token, String id) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                .until(() -> !Http.json(asOwner(token, "/v1/images/" + id)).get("status").asText().equals("processing"));
        JsonNode r = Http.json(asOwner(token, "/v1/images/" + id));
        assertThat(r.get("status").asText()).as(r.toString()).isEqualTo("ready");
        return r;
    }

    /** The part numbers the server lists for the upload (the bucket's ListParts). */
    private Set<Integer> held(String token, String uploadId) {
        Set<Integer> numbers = new HashSet<>();
        Http.json(asOwner(token, "/v1/uploads/" + uploadId)).get("parts").forEach(p -> numbers.add(p.get("partNumber").asInt()));
        return numbers;
    }

    private HttpResponse<String> asOwner(String token, String path) {
        HttpResponse<String> r = http().send(http().request(path).header("Authorization", "Bearer " + token).GET().build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    private Process cli(Path output, String token, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.pixflow.cli.PixflowCli", "upload",
                "--server", "http://localhost:" + port, "--api-key", token));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().remove("PIXFLOW_API_KEY");
        return pb.start();
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
}
