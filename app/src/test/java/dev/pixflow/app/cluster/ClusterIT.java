package dev.pixflow.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.faults.NoisyPhotos;
import dev.pixflow.app.faults.PixflowProcess;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.ScaleOutServers;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pixflow as a cluster: the packaged jar in four processes, two with the upload and delivery roles and
 * two workers, on s3proxy, ElasticMQ and PostgreSQL started in this JVM. Uploads go through both API
 * processes; a worker is killed with SIGKILL in the middle of the work. Nothing may be lost and nothing
 * rendered twice into different keys. {@code ./pixflow bench cluster} runs the longer burst below.
 */
class ClusterIT {
    static final Path CORPUS = Path.of("..", "..", "shared", "corpus", "images");
    private static final Pattern RENDITION = Pattern.compile("renditions/([0-9a-f-]{36})/([a-z0-9_-]+)-[0-9a-f]+\\.[a-z]+");
    private static final Set<String> ACCEPTED = Set.of("jpg", "jpeg", "png", "webp", "gif", "tif", "tiff", "avif");

    @TempDir
    Path tmp;

    private PixflowProcess node(String name, Map<String, String> settings, String roles, String... more) throws IOException {
        List<String> args = new ArrayList<>();
        settings.forEach((k, v) -> args.add("--" + k + "=" + v));
        args.add("--pixflow.roles=" + roles);
        args.addAll(List.of(more));
        return new PixflowProcess(tmp.resolve(name), args.toArray(String[]::new));
    }

    /** Starts them side by side: each JVM takes seconds, and they need not wait for each other. */
    private static void startAll(List<PixflowProcess> nodes) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<PixflowProcess>> started = new ArrayList<>();
            for (PixflowProcess n : nodes) {
                started.add(pool.submit((Callable<PixflowProcess>) n::start));
            }
            for (Future<PixflowProcess> f : started) {
                f.get(PixflowProcess.START_WITHIN.toSeconds() + 30, TimeUnit.SECONDS);
            }
        }
    }

    private List<Path> photos(int noisy) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < noisy; i++) {
            files.add(NoisyPhotos.jpeg(tmp, 1200 + (i % 5) * 100, 900, i));
        }
        if (Files.isDirectory(CORPUS)) {
            try (Stream<Path> s = Files.list(CORPUS)) {
                s.filter(p -> ACCEPTED.contains(extension(p))).sorted().forEach(files::add);
            }
        }
        return files;
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        return name.substring(name.lastIndexOf('.') + 1).toLowerCase();
    }

    private static String mediaType(Path p) {
        return switch (extension(p)) {
            case "png" -> "image/png";
            case "webp" -> "image/webp";
            case "gif" -> "image/gif";
            case "tif", "tiff" -> "image/tiff";
            case "avif" -> "image/avif";
            default -> "image/jpeg";
        };
    }

    /** Uploads every file, alternating between the API processes, a few at a time; the ids acknowledged. */
    private static List<String> uploadAll(List<Path> files, List<Http> apis) throws Exception {
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                Http api = apis.get(i % apis.size());
                done.add(pool.submit(() -> {
                    // The drain burst repeats its photos: each upload must still be an image of its own.
                    var r = api.uploadRaw(file, mediaType(file), "allowDuplicate=true");
                    assertThat(r.statusCode()).as(file + ": " + r.body()).isEqualTo(201);
                    ids.add(Http.json(r).get("id").asText());
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        }
        return ids;
    }

    private static void log(String what, long began) {
        System.out.printf("ClusterIT: %s after %.1f s%n", what, (System.nanoTime() - began) / 1e9);
    }

    private static long readyCount(Http api, List<String> ids) {
        return ids.stream().filter(id -> "ready".equals(Http.json(api.get("/v1/images/" + id)).get("status").asText())).count();
    }

    /** The sum of a metric's series on one process, from its /actuator/prometheus. */
    static double metric(Http http, String name) {
        return http.get("/actuator/prometheus").body().lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void twoApiProcessesAndTwoWorkersLoseNothingWhenAWorkerIsKilled() throws Exception {
        Map<String, String> settings = ScaleOutServers.all("cluster");
        // Short leases, so the killed worker's job comes back within seconds; heartbeats keep live ones.
        String[] worker = {"--pixflow.worker.concurrency=1", "--pixflow.queue.lease=6s"};
        int listenerPort = freePort();
        PixflowProcess api1 = node("api-1", settings, "upload,delivery", "--pixflow.delivery.listener-port=" + listenerPort);
        PixflowProcess api2 = node("api-2", settings, "upload,delivery");
        PixflowProcess worker1 = node("worker-1", settings, "worker", worker);
        PixflowProcess worker2 = node("worker-2", settings, "worker", worker);
        try (api1; api2; worker1; worker2) {
            long began = System.nanoTime();
            startAll(List.of(api1, api2));
            log("the API processes are up", began);
            List<Http> apis = List.of(api1.http(), api2.http());
            List<Path> files = photos(100);

            List<String> ids = uploadAll(files, apis);
            assertThat(ids).hasSize(files.size()).doesNotHaveDuplicates();
            log(ids.size() + " images uploaded", began);
            // The workers start once every job is queued. Started with the API processes, they could
            // render as fast as a slow machine let the uploads in, and leave nothing to kill a worker in.
            startAll(List.of(worker1, worker2));
            log("the workers are up", began);

            // Kill a worker while it renders, with work still queued behind it.
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                        .until(() -> metric(worker1.http(), "pixflow_jobs_done_total") >= 5
                                && metric(worker1.http(), "pixflow_worker_busy") >= 1);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("worker-1 was not seen rendering after 5 jobs: jobs done by worker-1 "
                        + metric(worker1.http(), "pixflow_jobs_done_total") + ", by worker-2 "
                        + metric(worker2.http(), "pixflow_jobs_done_total") + ", queue depth "
                        + metric(api1.http(), "pixflow_queue_depth") + "; worker-1's log ends:\n"
                        + worker1.tail(40), e);
            }
            worker1.kill();
            log("worker-1 killed", began);
            assertThat(readyCount(apis.getFirst(), ids)).as("the kill came in the middle of the work").isLessThan(ids.size());

            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                    .until(() -> readyCount(apis.get(1), ids) == ids.size());
            log("every image is ready", began);

            for (String id : ids) {
                JsonNode r = Http.json(apis.get(ids.indexOf(id) % 2).get("/v1/images/" + id));
                assertThat(r.get("status").asText()).isEqualTo("ready");
                assertThat(r.get("variants").size()).isEqualTo(3);
            }
            // Exactly one object per variant per image: a job done twice overwrote the same keys.
            Map<String, List<String>> byImage = new HashMap<>();
            for (String key : ScaleOutServers.keys("cluster-renditions")) {
                Matcher m = RENDITION.matcher(key);
                assertThat(m.matches()).as(key).isTrue();
                byImage.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(2));
            }
            assertThat(byImage.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            byImage.forEach((id, variants) -> assertThat(variants).as(id).containsExactlyInAnyOrder("thumb", "medium", "large"));
            assertThat(ScaleOutServers.keys("cluster-originals")).hasSize(ids.size());

            assertThat(metric(worker2.http(), "pixflow_jobs_done_total")).as("the surviving worker took its share").isPositive();
            assertThat(metric(api1.http(), "pixflow_queue_dead")).isZero();
            assertThat(metric(api1.http(), "pixflow_queue_depth")).isZero();
            var thumb = apis.get(1).bytes(apis.get(1).request("/i/" + ids.getFirst() + "/thumb").build());
            assertThat(thumb.statusCode()).isEqualTo(200);

            // api-1's delivery listener: the S3 rendition through the controllers first, then from what
            // api-1 keeps; a delete made through api-2 reaches it within the lookup cache's TTL.
            Http listener = new Http(listenerPort);
            String thumbPath = "/i/" + ids.getFirst() + "/thumb";
            for (int i = 0; i < 3; i++) {
                var viaListener = listener.bytes(listener.request(thumbPath).build());
                assertThat(viaListener.statusCode()).isEqualTo(200);
                assertThat(viaListener.body()).isEqualTo(thumb.body());
            }
            assertThat(listenerAnswered(api1.http(), "listener")).as("kept answers from the listener").isPositive();
            assertThat(listenerAnswered(api1.http(), "forwarded")).as("the first through the controllers").isPositive();
            // An asked-for rendition, made by the surviving worker, kept by api-1's listener, removed
            // through api-2: gone from the bucket at once, and from api-1's delivery within the TTL.
            String other = ids.get(1);
            var asked = apis.getFirst().send(apis.getFirst().request("/v1/images/" + other + "/renditions")
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\": \"banner\", \"recipe\": \"w:120\"}")).build());
            assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> Http.json(apis.get(1)
                    .get("/v1/images/" + other)).at("/variants/banner/status").asText().equals("ready"));
            String bannerPath = "/i/" + other + "/banner";
            assertThat(listener.bytes(listener.request(bannerPath).build()).statusCode()).isEqualTo(200);
            assertThat(ScaleOutServers.keys("cluster-renditions")).anyMatch(k -> k.startsWith("renditions/" + other + "/banner-"));
            var removed = apis.get(1).send(apis.get(1).request("/v1/images/" + other + "/renditions/banner").DELETE().build());
            assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
            assertThat(ScaleOutServers.keys("cluster-renditions")).noneMatch(k -> k.startsWith("renditions/" + other + "/banner-"));
            assertThat(Http.json(apis.getFirst().get("/v1/images/" + other)).get("variants").has("banner")).isFalse();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> listener.bytes(listener.request(bannerPath).build()).statusCode() == 404);

            var deleted = apis.get(1).send(apis.get(1).request("/v1/images/" + ids.getFirst()).DELETE().build());
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> listener.bytes(listener.request(thumbPath).build()).statusCode() != 200);
            assertThat(listener.bytes(listener.request(thumbPath).build()).statusCode()).isIn(404, 410);
        }
    }

    private static double listenerAnswered(Http http, String by) {
        return http.get("/actuator/prometheus").body().lines()
                .filter(l -> l.startsWith("pixflow_delivery_listener_requests_total{") && l.contains("answered=\"" + by + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * {@code ./pixflow bench cluster}: a longer burst through one API process, drained by 1, 2 and 3
     * worker processes in turn; the drain time goes to docs/benchmarks.md. Skipped unless asked for.
     */
    @Test
    void drainTimeWithOneTwoAndThreeWorkers() throws Exception {
        String report = System.getProperty("pixflow.cluster.report");
        Assumptions.assumeTrue(report != null, "runs as ./pixflow bench cluster");
        int burst = Integer.getInteger("pixflow.cluster.burst", 300);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            files.add(NoisyPhotos.jpeg(tmp, 1600, 1200, 1000 + i % 50));
        }
        Map<Integer, long[]> results = new java.util.LinkedHashMap<>();
        for (int workers = 1; workers <= 3; workers++) {
            Map<String, String> settings = ScaleOutServers.all("drain-" + workers);
            List<PixflowProcess> nodes = new ArrayList<>();
            PixflowProcess api = node("bench-api-" + workers, settings, "upload,delivery");
            nodes.add(api);
            for (int w = 0; w < workers; w++) {
                nodes.add(node("bench-worker-" + workers + "-" + w, settings, "worker", "--pixflow.worker.concurrency=1"));
            }
            try {
                startAll(nodes);
                long start = System.nanoTime();
                List<String> ids = uploadAll(files, List.of(api.http()));
                long uploaded = System.nanoTime();
                await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> metric(api.http(), "pixflow_queue_depth") == 0 && readyCount(api.http(), ids) == ids.size());
                long drained = System.nanoTime();
                results.put(workers, new long[]{uploaded - start, drained - start, drained - uploaded});
            } finally {
                for (PixflowProcess n : nodes) {
                    n.close();
                }
            }
        }
        StringBuilder md = new StringBuilder("""
                ## Cluster: drain time by number of worker processes

                `./pixflow bench cluster`: one API process (upload, delivery) and N worker processes (one render
                thread each) of the packaged jar, on s3proxy, ElasticMQ and embedded PostgreSQL in the test JVM,
                all on this one machine (%d cores). A burst of %d noise JPEGs (1600x1200, thumb + medium + large
                each) is uploaded by 6 clients; "drained" is when every image is ready.

                | workers | burst uploaded (s) | all ready after (s) | images/s rendered |
                |---|---|---|---|
                """.formatted(Runtime.getRuntime().availableProcessors(), burst));
        results.forEach((w, t) -> md.append("| %d | %.1f | %.1f | %.1f |%n".formatted(w, t[0] / 1e9, t[1] / 1e9, burst / (t[1] / 1e9))));
        md.append("""

                Workers share the machine with the API process, the three servers and the uploaders, so past
                the number of cores more workers mostly take turns; on separate machines each worker adds its
                own cores. Rerun: `./pixflow bench cluster` (`PIXFLOW_CLUSTER_BURST` sets the burst).
                """);
        BenchmarkSection.write(Path.of(report), "cluster", md.toString());
    }
}
