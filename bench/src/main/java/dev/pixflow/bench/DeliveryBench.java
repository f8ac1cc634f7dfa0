package dev.pixflow.bench;

import dev.pixflow.core.delivery.DeliverySigner;
import dev.pixflow.core.delivery.SigningKey;
import dev.pixflow.core.delivery.TransformUrl;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.recipe.Recipe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.pixflow.bench.RequestCpu.LIBVIPS;
import static dev.pixflow.bench.RequestCpu.OTHER;
import static dev.pixflow.bench.RequestCpu.RENDER_THREAD;
import static dev.pixflow.bench.RequestCpu.REQUEST;

/**
 * {@code ./pixflow bench delivery}: wrk on loopback (2 threads, 64 connections) against (a) a stored 256 px
 * rendition, Pixflow against nginx serving the same file from disk, and (b) an on-the-fly 512 px WebP of a
 * 2560x1600 JPEG with Pixflow's result cache off, against sharp in a minimal Node http server doing the
 * same render; in both, the contenders take turns and the report gives the medians.
 */
final class DeliveryBench {
    static final int SECONDS = 20;
    static final int WARM_UP_SECONDS = 10;
    /** Turns of nginx and the listener in (a), each SECONDS / 2 long; the table gives their medians. */
    static final int ROUNDS = 5;
    /** (b) warms sharp up this long first (its render path is native), and Pixflow at least this long. */
    static final int WARM_UP_SECONDS_B = 60;
    /**
     * (b) then goes on warming Pixflow in turns this long until its JIT compilers settled
     * ({@link JitWarmUp}). At about 55 renders a second, a method that runs once a request reaches the
     * C2 compiler's thresholds only after minutes: measured by hand, the compilers still took 0.4 to
     * 1.2 ms a request two to four minutes in, and 0.1 to 0.2 ms after five.
     */
    static final int WARM_UP_TURN_SECONDS_B = 20;
    /** A server whose JIT has not settled by then is measured as it is, and the report says so. */
    static final int WARM_UP_MAX_SECONDS_B = 600;
    /** Turns of sharp and Pixflow in (b), each SECONDS / 2 long; the table gives their medians. */
    static final int ROUNDS_B = 5;
    /** The recipe of (b), rendered on every request. */
    static final String ON_THE_FLY = "w:512,q:80,f:webp";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private final Path root;
    private final Path corpus;
    private final HttpClient http = HttpClient.newHttpClient();

    DeliveryBench(Path root, Path corpus) {
        this.root = root;
        this.corpus = corpus;
    }

    String run() throws Exception {
        Path source = source();
        Path work = Files.createTempDirectory("pixflow-bench-delivery-");
        // nginx's workers run as an unprivileged user when it is started as root: they must reach the file.
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = root.resolve("app/target/pixflow.jar");
        byte[] keyBytes = new byte[32];
        byte[] saltBytes = new byte[16];
        new SecureRandom().nextBytes(keyBytes);
        new SecureRandom().nextBytes(saltBytes);
        String key = HexFormat.of().formatHex(keyBytes);
        String salt = HexFormat.of().formatHex(saltBytes);
        DeliverySigner signer = new DeliverySigner(List.of(SigningKey.hex(key, salt)), Clock.systemUTC());
        List<String> jvm = List.of("-Xmx1g");
        // PIXFLOW_BENCH_JFR=file.jfr: a JFR profile of the stored-rendition server (a), to see where a request's time goes.
        String jfr = System.getenv("PIXFLOW_BENCH_JFR");
        List<String> storedJvm = jfr == null || jfr.isBlank() ? jvm
                : List.of("-Xmx1g", "-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr).toAbsolutePath());
        try {
            // (a) a stored rendition
            Map<String, Wrk> stored = new LinkedHashMap<>();
            Map<String, List<Wrk>> rounds;
            Map<String, Double> storedVia;
            long thumbBytes;
            // PIXFLOW_BENCH_ARGS: settings to try on the stored-rendition server (a), e.g. --spring.threads.virtual.enabled=false.
            int listenerPort = ServerProcess.freePort();
            List<String> storedArgs = new java.util.ArrayList<>(List.of("--pixflow.delivery.keys=" + key,
                    "--pixflow.delivery.salts=" + salt, "--pixflow.worker.enabled=false", "--logging.level.root=WARN",
                    "--pixflow.delivery.listener-port=" + listenerPort));
            String extra = System.getenv("PIXFLOW_BENCH_ARGS");
            if (extra != null && !extra.isBlank()) {
                storedArgs.addAll(List.of(extra.strip().split("\\s+")));
            }
            try (ServerProcess pixflow = ServerProcess.start(jar, Files.createDirectories(work.resolve("a")), storedJvm,
                    storedArgs.toArray(String[]::new))) {
                String id = upload(pixflow.base(), source);
                String thumbUrl = pixflow.base() + "/i/" + id + "/thumb";
                String transformUrl = pixflow.base() + TransformUrl.signed(signer,
                        TransformUrl.path(new ImageId(id), Recipe.parse("w:256,h:256,fit:cover,g:smart,q:80"), OptionalLong.empty()));
                get(thumbUrl);
                get(transformUrl);
                Path thumb;
                try (Stream<Path> files = Files.list(work.resolve("a/data/blobs/renditions/" + id))) {
                    thumb = files.filter(p -> p.getFileName().toString().startsWith("thumb-")).findFirst().orElseThrow();
                }
                thumbBytes = Files.size(thumb);
                Path www = Files.createDirectories(work.resolve("nginx/www"));
                Files.copy(thumb, www.resolve("thumb.jpg"));
                Files.setPosixFilePermissions(www.resolve("thumb.jpg"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                // nginx and the listener in turns, ROUNDS times, so the machine's drift reaches all alike.
                String listener = "http://127.0.0.1:" + listenerPort;
                Map<String, Double> before;
                try (StaticNginx nginx = StaticNginx.start(work.resolve("nginx"), www)) {
                    get(nginx.url("thumb.jpg"));
                    Map<String, String> turns = new LinkedHashMap<>();
                    turns.put("nginx", nginx.url("thumb.jpg"));
                    turns.put("i", thumbUrl.replace(pixflow.base(), listener));
                    turns.put("t", transformUrl.replace(pixflow.base(), listener));
                    warmUp(turns, WARM_UP_SECONDS);
                    before = via(pixflow.base());
                    rounds = inTurns(turns, ROUNDS);
                }
                storedVia = minus(via(pixflow.base()), before);
                rounds.forEach((name, runs) -> stored.put(name, median(runs)));
                stored.put("i-tomcat", measure(thumbUrl));
                stored.put("t-tomcat", measure(transformUrl));
            }
            // (b) on-the-fly renders, nothing stored
            Map<String, List<Wrk>> roundsB;
            JitWarmUp warmedB;
            String answers;
            RequestCpu sharpCpu;
            RequestCpu pixflowCpu;
            try (ServerProcess pixflow = ServerProcess.start(jar, Files.createDirectories(work.resolve("b")), jvm,
                    "--pixflow.delivery.keys=" + key, "--pixflow.delivery.salts=" + salt,
                    "--pixflow.worker.enabled=false", "--pixflow.delivery.result-cache=false",
                    "--logging.level.root=WARN")) {
                String id = upload(pixflow.base(), source);
                String url = pixflow.base() + TransformUrl.signed(signer,
                        TransformUrl.path(new ImageId(id), Recipe.parse(ON_THE_FLY), OptionalLong.empty()));
                get(url);
                try (SharpServer node = SharpServer.start(root, source, work.resolve("sharp.log"))) {
                    get(node.url());
                    // sharp and Pixflow in turns, as nginx and the listener in (a).
                    Map<String, String> turns = new LinkedHashMap<>();
                    turns.put("sharp", node.url());
                    turns.put("pixflow", url);
                    warmUp(turns, WARM_UP_SECONDS_B);
                    warmedB = untilJitSettled(pixflow.pid(), url);
                    roundsB = inTurns(turns, ROUNDS_B);
                    answers = compared(get(node.url()), get(url));
                    sharpCpu = RequestCpu.measure(node.pid(), node.url(), SECONDS, 1, DeliveryBench::sharpThread);
                    pixflowCpu = RequestCpu.measure(pixflow.pid(), url, SECONDS, 1, DeliveryBench::pixflowThread);
                }
            }
            String cpuB = cpuTable(answers, sharpCpu, pixflowCpu);
            String report = report(source, thumbBytes, stored, rounds, storedVia, roundsB, warmedB, cpuB);
            WorkerBench.deleteTree(work);
            return report;
        } catch (Exception e) {
            throw new IllegalStateException("the delivery benchmark failed; its servers' logs are kept in " + work, e);
        }
    }

    private Path source() throws Exception {
        try (Stream<Path> files = Files.list(corpus)) {
            return files.filter(p -> p.getFileName().toString().matches("jpeg_medium_.*_2560x1600\\.jpg"))
                    .filter(p -> !p.getFileName().toString().contains("progressive"))
                    .sorted().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jpeg_medium_*_2560x1600.jpg in " + corpus));
        }
    }

    private static void warmUp(Map<String, String> turns, int seconds) throws Exception {
        for (String url : turns.values()) {
            Wrk.run(url, seconds);
        }
    }

    /** Loads {@code url} in turns of {@link #WARM_UP_TURN_SECONDS_B} until the JIT of process {@code pid} settled. */
    private static JitWarmUp untilJitSettled(long pid, String url) throws Exception {
        return JitWarmUp.until(() -> {
            RequestCpu turn = RequestCpu.measure(pid, url, WARM_UP_TURN_SECONDS_B, Wrk.CONNECTIONS, ThreadCpu::group);
            return turn.millis(ThreadCpu.JIT) / turn.totalMillis();
        }, WARM_UP_MAX_SECONDS_B);
    }

    /** Each contender in turn, {@code rounds} times, so the machine's drift reaches all alike. */
    private static Map<String, List<Wrk>> inTurns(Map<String, String> turns, int rounds) throws Exception {
        Map<String, List<Wrk>> out = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, String> turn : turns.entrySet()) {
                out.computeIfAbsent(turn.getKey(), k -> new java.util.ArrayList<>()).add(Wrk.run(turn.getValue(), SECONDS / 2));
            }
        }
        return out;
    }

    /** One line per contender, its rounds in the order they ran: {@code format} takes requests/s and p99. */
    private static String listed(Map<String, List<Wrk>> rounds, Map<String, String> names, String format) {
        StringBuilder out = new StringBuilder();
        rounds.forEach((name, runs) -> out.append("\n- ").append(names.get(name)).append(": ").append(runs.stream()
                .map(w -> format.formatted(w.requestsPerSecond(), w.p99Millis()))
                .collect(java.util.stream.Collectors.joining(", "))));
        return out.toString();
    }

    /** The median round's requests/s, p50 and p99, each the median of the rounds; errors summed. */
    private static Wrk median(List<Wrk> runs) {
        return new Wrk(middle(runs, Wrk::requestsPerSecond), middle(runs, Wrk::p99Millis), middle(runs, Wrk::p50Millis),
                runs.stream().mapToLong(Wrk::requests).sum(), runs.stream().mapToLong(Wrk::errors).sum());
    }

    private static double middle(List<Wrk> runs, java.util.function.ToDoubleFunction<Wrk> of) {
        double[] v = runs.stream().mapToDouble(of).sorted().toArray();
        return v[v.length / 2];
    }

    private static Wrk measure(String url) throws Exception {
        Wrk.run(url, WARM_UP_SECONDS);
        return Wrk.run(url, SECONDS);
    }

    private String upload(String base, Path file) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/images?filename=" + file.getFileName()))
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofFile(file)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = ID.matcher(r.body());
        if (r.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("upload failed: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    /** The body of a 200 answer to {@code url}; any other status fails the benchmark. */
    private byte[] get(String url) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + new String(r.body()));
        }
        return r.body();
    }

    private static String compared(byte[] sharp, byte[] pixflow) {
        return Arrays.equals(sharp, pixflow) ? "the same bytes (%d bytes each)".formatted(sharp.length)
                : "different: sharp's %d bytes, Pixflow's %d".formatted(sharp.length, pixflow.length);
    }

    /** sharp's threads: libvips' own, and node's (its event loop, libuv's pool that makes the render's calls). */
    private static String sharpThread(String name) {
        return name.startsWith("libvips") ? LIBVIPS : RENDER_THREAD;
    }

    private static String pixflowThread(String name) {
        if (name.startsWith("libvips")) {
            return LIBVIPS;
        }
        if (name.startsWith("render-gate")) {
            return RENDER_THREAD;
        }
        if (name.startsWith("ForkJoinPool") || name.startsWith("http-nio") || name.startsWith("tomcat")) {
            return REQUEST;
        }
        return OTHER;
    }

    private static String cpuTable(String answers, RequestCpu sharp, RequestCpu pixflow) {
        return """
                Where a request's CPU goes: after the turns, one connection for %d s to each server (so renders
                never overlap), each thread's CPU time (from /proc/PID/task) divided by the requests answered.
                The two servers' answers are %s.

                | who | requests/s | CPU a request | in libvips' workers | in the render's own thread | in the request's threads (Tomcat, filters, lookups, the answer) | elsewhere (JIT, GC ...) |
                |---|---|---|---|---|---|---|
                | sharp | %.1f | **%.1f ms** | %.1f ms | %.1f ms (node's threads, its HTTP included) | | %.1f ms |
                | Pixflow | %.1f | **%.1f ms** | %.1f ms | %.1f ms | %.1f ms | %.1f ms |
                """.formatted(SECONDS, answers,
                sharp.requestsPerSecond(), sharp.totalMillis(), sharp.millis(LIBVIPS), sharp.millis(RENDER_THREAD),
                sharp.millisBesides(LIBVIPS, RENDER_THREAD),
                pixflow.requestsPerSecond(), pixflow.totalMillis(), pixflow.millis(LIBVIPS), pixflow.millis(RENDER_THREAD),
                pixflow.millis(REQUEST), pixflow.millisBesides(LIBVIPS, RENDER_THREAD, REQUEST));
    }

    /** pixflow_delivery_responses_total by how the bytes went out. */
    private Map<String, Double> via(String base) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^pixflow_delivery_responses_total\\{[^}]*via=\"([a-z-]+)\"[^}]*} ([0-9.eE+]+)$").matcher(text);
        while (m.find()) {
            out.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        Matcher l = Pattern.compile("(?m)^pixflow_delivery_listener_requests_total\\{[^}]*answered=\"([a-z-]+)\"[^}]*} ([0-9.eE+]+)$").matcher(text);
        while (l.find()) {
            out.put("answered by the " + l.group(1).replace("forwarded", "controllers (forwarded)"), Double.parseDouble(l.group(2)));
        }
        return out;
    }

    private static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> out = new LinkedHashMap<>();
        after.forEach((k, v) -> {
            double d = v - before.getOrDefault(k, 0.0);
            if (d > 0) {
                out.put(k, d);
            }
        });
        return out;
    }

    private String report(Path source, long thumbBytes, Map<String, Wrk> stored, Map<String, List<Wrk>> rounds,
                          Map<String, Double> storedVia, Map<String, List<Wrk>> roundsB, JitWarmUp warmedB, String cpuB) {
        Wrk sharp = median(roundsB.get("sharp"));
        Wrk onTheFly = median(roundsB.get("pixflow"));
        Wrk nginx = stored.get("nginx");
        Wrk i = stored.get("i");
        Wrk t = stored.get("t");
        Wrk iTomcat = stored.get("i-tomcat");
        Wrk tTomcat = stored.get("t-tomcat");
        double ratioI = i.requestsPerSecond() / nginx.requestsPerSecond();
        double tailI = i.p99Millis() / nginx.p99Millis();
        double ratioT = t.requestsPerSecond() / nginx.requestsPerSecond();
        double ratioB = onTheFly.requestsPerSecond() / sharp.requestsPerSecond();
        String turns = listed(rounds, Map.of("nginx", "nginx", "i", "listener `/i/`", "t", "listener `/t/`"),
                "%.0f/s p99 %.2f ms");
        String turnsB = listed(roundsB, Map.of("sharp", "sharp", "pixflow", "pixflow"), "%.1f/s p99 %.0f ms");
        StringBuilder via = new StringBuilder();
        storedVia.forEach((k, v) -> via.append(via.isEmpty() ? "" : ", ").append("%s %.0f".formatted(k, v)));
        return """
                ## Delivery

                `./pixflow bench delivery` on %s. %s on loopback, %d threads, %d connections, %d s per run
                after a %d s warm-up, client and servers on the same cores; in (a) nginx and the listener
                take %d turns of %d s each and the table gives the medians (each round below). Pixflow ran as %s, with `-Xmx1g` and
                its defaults, signing keys set, its worker off, and (a) its
                delivery listener on (`pixflow.delivery.listener-port`).

                ### (a) A stored 256 px rendition (`thumb` of `%s`, %d bytes)

                | server | URL | requests/s | p50 | p99 | errors | vs nginx | target |
                |---|---|---|---|---|---|---|---|
                | nginx %s (sendfile, %s) | `/thumb.jpg`, the same file on disk | %.0f | %.2f ms | %.2f ms | %d | 1.00x | |
                | Pixflow, delivery listener | `/i/{id}/thumb` | **%.0f** | %.2f ms | %.2f ms (%.1fx nginx's) | %d | **%.2fx** | >= 0.80x %s, p99 <= 2x nginx's %s |
                | Pixflow, delivery listener | `/t/{sig}/w:256,h:256,fit:cover,g:smart,q:80/{id}` (stored result) | **%.0f** | %.2f ms | %.2f ms | %d | **%.2fx** | >= 0.70x %s, p99 <= 10 ms %s |
                | Pixflow, Tomcat's port | `/i/{id}/thumb` | %.0f | %.2f ms | %.2f ms | %d | %.2fx | |
                | Pixflow, Tomcat's port | `/t/...` as above | %.0f | %.2f ms | %.2f ms | %d | %.2fx | |

                The rounds, in the order they ran:%s

                How Pixflow answered the listener's runs (`pixflow_delivery_responses_total{via}`,
                `pixflow_delivery_listener_requests_total{answered}`): %s.

                ### (b) On the fly: 512 px WebP (q 80) of the same 2560x1600 JPEG, nothing cached

                | server | requests/s | p50 | p99 | errors | vs sharp | target |
                |---|---|---|---|---|---|---|
                | sharp %s, minimal Node http server | %.1f | %.0f ms | %.0f ms | %d | 1.00x | |
                | Pixflow `/t/{sig}/w:512,q:80,f:webp/{id}`, `pixflow.delivery.result-cache=false` | **%.1f** | %.0f ms | %.0f ms | %d | **%.2fx** | >= 1.00x %s, p99 <= sharp's %s |

                Both servers are up together and are warmed up for %d s each. Pixflow then goes on alone, in
                turns of %d s, until its JIT compilers use less than %.0f %% of its CPU in two turns in a row
                (%s). Then they take %d turns of %d s each, and the table gives the medians. The rounds, in the
                order they ran:%s

                sharp runs with its defaults (libuv's 4 threads, libvips threads per image) and its cache off;
                Pixflow renders through its render gate (one slot more than the cores, one libvips thread per
                render), so the requests beyond the slots wait in the gate (p50 and p99 are mostly that wait).

                %s
                Where the time of (a) goes (a JFR profile, `PIXFLOW_BENCH_JFR=a.jfr`, then `jfr print --events
                jdk.ExecutionSample`; it samples Java code, not the time in system calls). On Tomcat's port a
                kept answer was about 40 %% Tomcat's request parsing, poller and header writing, 27 %% its write
                of the body (8 %% of all in `Thread.interrupted`, which Tomcat calls per write and which is dear
                on a virtual thread), and the rest Spring's filters and Pixflow's lookups: the servlet
                container's own work per request capped it near 0.45x nginx whatever Pixflow did. On the
                delivery listener's event loops, of the Java samples: about 22 %% Pixflow's code (the kept
                lookups, who may see it, the caching decision, the headers), 17 %% parsing the request, 9 %%
                encoding the response, and the rest Netty's pipeline, buffers and promises. The body is a copy
                outside the heap, kept by its stored blob, so a response copies nothing; a file too
                large for memory goes by sendfile. The delivery caches do their upkeep on the thread that
                reads them: on Caffeine's default, the common pool, it woke a pool thread thousands of times a
                second (7 %% of a core), and the listener stood at 0.85x nginx. What is left is the tail: the
                listener's p99 holds within a few ms from round to round (4 to 8 ms across runs on machines
                alike), where nginx's moves between 0.7 and 7.7 ms, so the target on the p99 is met or missed
                with nginx's own tail of the run. It is not the collector, and what is left by elimination is the scheduler:
                on two cores shared with the load generator, four busy threads (wrk's two, the two event
                loops) take turns in the scheduler's time slices, and the connections of a loop waiting for
                its turn wait a slice. The measures: with a young generation too large to fill
                in a run (`-Xmn2500m`, no collection at all) the listener's p99 stayed at 5 to 7 ms, and at the
                default heap the collections stop the loops about 30 times in 10 s for 3.7 ms, which delays
                about 0.14 %% of the requests, below the p99. The figures move with the machine's other load
                (nginx itself ran between 90,000 and 165,000 requests/s across runs of one afternoon).
                (b) Both render on a current libvips (sharp's bundled 8.17.3, Pixflow's 8.18.7). The CPU table
                of (b) says where a request's CPU goes. libvips' workers cost the same in both, within a few
                percent, for the same bytes out; Pixflow's render thread cost about what node's threads cost for
                the render's calls and the HTTP together; and on top come Pixflow's request threads (Tomcat,
                the filters, the answer; the image's record is kept with its other lookups) and its JIT
                (tier-4 compilations of a large application, no recompilation loop; the warm-up above waits for
                it), about a millisecond a request, which the spread of the libvips rows can cover. Measured by
                hand under the benchmark's load, after a minute's warm-up (64
                connections, each thread's CPU time over 20 s runs, the servers in turns), the same held: libvips'
                workers 28 to 32 ms a request in both, Pixflow's render thread 3.5 to 4.4 ms against node's 3.5 to
                4.4 ms, and Pixflow's request threads 1.2 to 2.1 ms and JIT 0.3 to 1.8 ms on top; both kept 1.87
                to 1.90 of the two cores busy (an earlier measurement: sharp 1.97, Pixflow 1.93). With
                one render slot per core, the default before, Pixflow kept 1.80 busy (ARCHITECTURE.md, Memory
                budget, says what is known of why). Under load the machine moves more than that: with both
                servers up and loaded in turns of 15 s (by hand, after four turns of warm-up), Pixflow's CPU
                a request went between 29 and 40 ms from one turn to the next and sharp's between 29 and 34 ms,
                and their requests a second with them: Pixflow's cost rises more under load, for a reason not found.
                """.formatted(Machine.describe(), Wrk.version(), Wrk.THREADS, Wrk.CONNECTIONS, SECONDS, WARM_UP_SECONDS,
                ROUNDS, SECONDS / 2, ServerProcess.Launch.asRunStartsIt(root.resolve("app/target/pixflow.jar")).described(),
                source.getFileName(), thumbBytes,
                NginxAnchor.version(), "`worker_processes auto`",
                nginx.requestsPerSecond(), nginx.p50Millis(), nginx.p99Millis(), nginx.errors(),
                i.requestsPerSecond(), i.p50Millis(), i.p99Millis(), tailI, i.errors(), ratioI, met(ratioI >= 0.8), met(tailI <= 2),
                t.requestsPerSecond(), t.p50Millis(), t.p99Millis(), t.errors(), ratioT, met(ratioT >= 0.7), met(t.p99Millis() <= 10),
                iTomcat.requestsPerSecond(), iTomcat.p50Millis(), iTomcat.p99Millis(), iTomcat.errors(),
                iTomcat.requestsPerSecond() / nginx.requestsPerSecond(),
                tTomcat.requestsPerSecond(), tTomcat.p50Millis(), tTomcat.p99Millis(), tTomcat.errors(),
                tTomcat.requestsPerSecond() / nginx.requestsPerSecond(),
                turns,
                via.isEmpty() ? "none counted" : via,
                SharpServer.version(root), sharp.requestsPerSecond(), sharp.p50Millis(), sharp.p99Millis(), sharp.errors(),
                onTheFly.requestsPerSecond(), onTheFly.p50Millis(), onTheFly.p99Millis(), onTheFly.errors(), ratioB,
                met(ratioB >= 1.0), met(onTheFly.p99Millis() <= sharp.p99Millis()), WARM_UP_SECONDS_B, WARM_UP_TURN_SECONDS_B, 100 * JitWarmUp.SETTLED_SHARE,
                warmedB.described(),
                ROUNDS_B, SECONDS / 2, turnsB, cpuB);
    }

    private static String met(boolean met) {
        return met ? "met" : "**missed**";
    }
}
