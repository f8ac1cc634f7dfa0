package dev.pixflow.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.cluster.LaunchedCluster.Node;
import dev.pixflow.app.faults.NoisyPhotos;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.MultipartClient;
import dev.pixflow.app.support.MultipartClient.Part;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Multipart uploads through a load balancer in front of several processes, as {@code ./pixflow cluster}
 * runs them: its own launcher starts nginx, three multipart processes and one each of upload, delivery and
 * worker, on s3proxy, ElasticMQ and PostgreSQL. Nothing of an upload lives on a process, so consecutive
 * parts land on different processes; a multipart process killed with SIGKILL mid-upload loses no
 * acknowledged part and the upload completes through the others; a process killed in the middle of a
 * complete holds the upload only until its lease runs out, and the next complete finishes it, making
 * exactly one image. Where a part landed is what each process counts itself
 * ({@code pixflow_multipart_parts_total}). The scenarios run in order on one cluster, each killing a
 * process of its own; the last stops the launcher.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadBalancedUploadsIT {
    private static final int PART = 5 * 1024 * 1024;
    private static final String PARTS_STORED = "pixflow_multipart_parts_total";

    /** Kept when a test fails: the launcher's output, every process's log, nginx's access log. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;

    private LaunchedCluster cluster;
    private Http lb;
    private MultipartClient client;
    /** The multipart processes not killed yet. */
    private final List<Node> live = new ArrayList<>();
    private long began;

    @BeforeAll
    void startTheCluster() throws Exception {
        Assumptions.assumeTrue(LaunchedCluster.nginxInstalled(), "nginx is not installed (./pixflow test installs it)");
        began = System.nanoTime();
        cluster = LaunchedCluster.start(tmp.resolve("data"), "--upload", "1", "--multipart", "3", "--delivery", "1", "--worker", "1");
        lb = cluster.balancer();
        client = new MultipartClient(lb);
        live.addAll(cluster.nodes("multipart"));
        assertThat(live).hasSize(3);
        log("the cluster is up");
    }

    @AfterAll
    void stopTheCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void partsLandOnDifferentProcessesAndSurviveTheKillOfOne() throws Exception {
        // Noise (about 0.75 bytes a pixel): some 22 MB, five parts of S3's smallest size.
        byte[] bytes = Files.readAllBytes(NoisyPhotos.jpeg(tmp, 6400, 4600, 14));
        List<byte[]> chunks = MultipartClient.split(bytes, PART);
        assertThat(chunks.size()).as("parts of a %d-byte photo", bytes.length).isGreaterThanOrEqualTo(4);
        String upload = started("first.jpg", bytes.length);
        List<Part> acknowledged = new ArrayList<>();
        List<Node> landedOn = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            landedOn.add(send(upload, n, chunks.get(n - 1), acknowledged));
        }
        assertThat(landedOn.get(1)).as("part 2's process").isNotEqualTo(landedOn.get(0));
        assertThat(landedOn.get(2)).as("part 3's process").isNotEqualTo(landedOn.get(1));

        // The process that took part 1 dies (in turn, it would take the next part); the rest go to the others.
        Node victim = landedOn.getFirst();
        victim.kill();
        live.remove(victim);
        for (int n = 4; n <= chunks.size(); n++) {
            send(upload, n, chunks.get(n - 1), acknowledged);
        }
        assertThat(Files.readAllLines(cluster.dataDir().resolve("logs/nginx.log")))
                .as("the balancer tried the dead process for part 4 and passed the part on (in one try of the client's)")
                .anyMatch(l -> l.contains("Connection refused") && l.contains("/parts/4 ")
                        && l.contains("upstream: \"http://127.0.0.1:" + victim.port() + "/"));
        JsonNode held = Http.json(client.get(upload));
        assertThat(StreamSupport.stream(held.path("parts").spliterator(), false)
                .map(p -> new Part(p.path("partNumber").asInt(), p.path("etag").asText())).toList())
                .as("every acknowledged part, the dead process's too").containsExactlyElementsOf(acknowledged);
        HttpResponse<String> completed = client.complete(upload, acknowledged);
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(201);
        assertReadyWithTheBytesOf(Http.json(completed).path("id").asText(), bytes);
        log("the first upload is ready, " + chunks.size() + " parts");
    }

    @Test
    @Order(2)
    void aCompleteCutOffByAKillIsFinishedByTheNextOne() throws Exception {
        assertThat(live).as("two multipart processes left").hasSize(2);
        byte[] bytes = Files.readAllBytes(NoisyPhotos.jpeg(tmp, 6400, 4600, 15));
        String upload = started("second.jpg", bytes.length);
        List<Part> parts = new ArrayList<>();
        List<byte[]> chunks = MultipartClient.split(bytes, PART);
        for (int n = 1; n <= chunks.size(); n++) {
            send(upload, n, chunks.get(n - 1), parts);
        }

        // The complete goes to one process, which is killed once S3 has put the parts together: it is then
        // reading the object back to hash and check it, the longest part of its work.
        Node completer = live.getFirst();
        Node survivor = live.get(1);
        CompletableFuture<HttpResponse<String>> cutOff = CompletableFuture.supplyAsync(
                () -> new MultipartClient(completer.http()).complete(upload, parts));
        try (S3Client s3 = cluster.s3()) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .ignoreExceptionsMatching(e -> e instanceof S3Exception s && s.statusCode() == 404)
                    .until(() -> s3.headObject(b -> b.bucket(cluster.originalsBucket()).key("uploads/" + upload)) != null);
        }
        completer.kill();
        live.remove(completer);
        assertThat(cutOff).failsWithin(Duration.ofSeconds(30));
        assertThat(Http.json(new MultipartClient(survivor.http()).get(upload)).path("state").asText())
                .as("the dead process held the upload, mid-work").isEqualTo("completing");

        // Until its lease runs out, a complete says when to come back; then one takes it over.
        HttpResponse<String> held = client.complete(upload, parts);
        assertThat(held.statusCode()).as(held.body()).isEqualTo(409);
        long retryAfter = Long.parseLong(held.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 31L);
        AtomicReference<HttpResponse<String>> finished = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(retryAfter + 60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            finished.set(client.complete(upload, parts));
            return finished.get().statusCode() != 409;
        });
        // 201 if this complete made the image, 200 if the bucket's event (a worker) took it over first.
        assertThat(finished.get().statusCode()).as(finished.get().body()).isIn(200, 201);
        String image = Http.json(finished.get()).path("id").asText();
        assertThat(Http.json(client.get(upload)).path("imageId").asText()).isEqualTo(image);
        assertReadyWithTheBytesOf(image, bytes);
        String sha = MultipartClient.sha256Hex(bytes);
        JsonNode all = Http.json(lb.get("/v1/images?limit=100"));
        assertThat(StreamSupport.stream(all.path("items").spliterator(), false).filter(i -> i.path("sha256").asText().equals(sha)))
                .as("exactly one image of the upload").hasSize(1);
        log("the second upload is ready, completed after its completer was killed");
    }

    /**
     * A webhook's links are made by a worker: they name the cluster's address, not the worker's own port,
     * where no API or delivery answers. Read off the processes' command lines, as an operator would.
     */
    @Test
    @Order(3)
    void everyProcessNamesTheBalancerInItsWebhooksLinks() throws Exception {
        String balancer = "http://localhost:" + cluster.port();
        for (String role : List.of("upload", "multipart", "delivery", "worker")) {
            for (Node node : cluster.nodes(role)) {
                if (!node.alive()) {
                    continue;
                }
                List<String> args = List.of(Files.readString(Path.of("/proc", Long.toString(node.pid()), "cmdline")).split("\0"));
                assertThat(args).as(node.name()).contains("--pixflow.webhooks.api-base-url=" + balancer);
            }
        }
    }

    @Test
    @Order(4)
    void stoppingTheLauncherStopsEverythingItStarted() throws Exception {
        List<Long> pids = cluster.pids();
        cluster.terminate(Duration.ofMinutes(2));
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("pid %d outlived the cluster", pid).isFalse());
        assertThat(cluster.dataDir().resolve("cluster.json")).doesNotExist();
        log("the cluster is stopped");
    }

    private String started(String filename, long size) {
        HttpResponse<String> r = client.start(Map.of("filename", filename, "contentType", "image/jpeg", "size", size));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Http.json(r).path("uploadId").asText();
    }

    /**
     * Sends one part through the load balancer, in one try, and returns the process that stored it: the
     * live one whose own count of stored parts went up by one while no other's did.
     */
    private Node send(String upload, int number, byte[] chunk, List<Part> acknowledged) {
        Map<Node, Double> before = counts();
        HttpResponse<String> r = client.put(upload, number, chunk);
        assertThat(r.statusCode()).as("part " + number + ": " + r.body()).isEqualTo(200);
        String etag = Http.json(r).path("etag").asText();
        assertThat(etag).isEqualTo(MultipartClient.md5Hex(chunk));
        acknowledged.add(new Part(number, etag));
        Map<Node, Double> after = counts();
        List<Node> grew = live.stream().filter(n -> after.get(n) > before.get(n)).toList();
        assertThat(grew).as("part %d was stored by exactly one process", number).hasSize(1);
        assertThat(after.get(grew.getFirst()) - before.get(grew.getFirst())).isEqualTo(1.0);
        return grew.getFirst();
    }

    private Map<Node, Double> counts() {
        Map<Node, Double> counts = new HashMap<>();
        live.forEach(n -> counts.put(n, ClusterIT.metric(n.http(), PARTS_STORED)));
        return counts;
    }

    /** Rendered by a worker, and delivered (through the balancer, by the delivery process) byte for byte. */
    private void assertReadyWithTheBytesOf(String id, byte[] bytes) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> Http.json(lb.get("/v1/images/" + id)).path("status").asText(), s -> !s.equals("processing"));
        JsonNode record = Http.json(lb.get("/v1/images/" + id));
        assertThat(record.path("status").asText()).as(record.toString()).isEqualTo("ready");
        assertThat(record.path("sha256").asText()).isEqualTo(MultipartClient.sha256Hex(bytes));
        HttpResponse<byte[]> original = lb.bytes(lb.request("/i/" + id + "/original").build());
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(MultipartClient.sha256Hex(original.body())).isEqualTo(MultipartClient.sha256Hex(bytes));
    }

    private void log(String what) {
        System.out.printf("LoadBalancedUploadsIT: %s after %.1f s%n", what, (System.nanoTime() - began) / 1e9);
    }
}
