package dev.pixflow.bench;

import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.core.usecase.VariantCatalogue;
import dev.pixflow.engine.vips.VipsImageEngine;
import dev.pixflow.engine.vips.VipsSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The worker's figures: how many corpus JPEGs a single render thread turns into the three default
 * variants per second, against {@code vipsthumbnail} making the same outputs (one thread each); the
 * whole pipeline, from the uploads' last bytes to every variant stored, against sharp making the same
 * variants from the same files; and how long one upload takes from its last byte to {@code ready}.
 */
final class WorkerBench {
    static final int ROUNDS = 3;
    /**
     * The pipeline's timed rounds of each side: its batches take about two seconds, and on a shared
     * machine three of them moved its ratio to sharp by as much as 0.07 between runs of one hour.
     */
    static final int PIPELINE_ROUNDS = 7;
    /** The pipeline's batch: every corpus JPEG this many times. */
    static final int BATCH_COPIES = 2;
    static final double PIPELINE_TARGET = 0.85;
    /** The least time the server renders batches before the pipeline is timed: as long as (b) of delivery warms each server. */
    static final int PIPELINE_WARM_UP_SECONDS = DeliveryBench.WARM_UP_SECONDS_B;
    /** Batches in a turn of the JIT's wait: C2 works in bursts, which one batch of two seconds would miss. */
    static final int JIT_TURN_BATCHES = 5;
    /** A server whose JIT has not settled by then is measured as it is, and the report says so. */
    static final int JIT_WARM_UP_MAX_SECONDS = 300;
    private static final String LATENCY_FILE = "jpeg_large_kleiber_6028x3391.jpg";

    private final Path root;
    private final Path corpus;

    WorkerBench(Path root, Path corpus) {
        this.root = root;
        this.corpus = corpus;
    }

    String run() throws Exception {
        List<Path> jpegs;
        try (Stream<Path> files = Files.list(corpus)) {
            jpegs = files.filter(f -> f.getFileName().toString().startsWith("jpeg_")).sorted().toList();
        }
        Path work = Files.createTempDirectory("pixflow-bench-");
        try {
            double engine = engineImagesPerSecond(jpegs, work);
            double vipsSame = vipsthumbnailImagesPerSecond(jpegs, work, true);
            double vipsThumbOnly = vipsthumbnailImagesPerSecond(jpegs, work, false);
            StartUp.Result startUp = StartUp.measure(root.resolve("app/target/pixflow.jar"), work);
            List<Path> batch = new ArrayList<>();
            for (int i = 0; i < BATCH_COPIES; i++) {
                batch.addAll(jpegs);
            }
            Pipeline pipeline;
            UploadToReady.Result latency;
            // The server's default worker threads, passed explicitly, so that no PIXFLOW_WORKER_CONCURRENCY in
            // the environment makes the server differ from the report and from sharp's side.
            int renders = Machine.serverWorkerThreads();
            try (UploadToReady server = new UploadToReady(root.resolve("app/target/pixflow.jar"), work, renders)) {
                pipeline = pipeline(server, batch, work, Runtime.getRuntime().availableProcessors(), renders);
                latency = server.latency(corpus.resolve(LATENCY_FILE), 5);
            }
            return report(jpegs.size(), engine, vipsSame, vipsThumbOnly, pipeline, latency) + startUpReport(startUp);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Where the cores' time went while one side's batch ran, mean core-seconds a round: the clients'
     * CPU (Pixflow's side only), the cores no process used, and all the cores over that time.
     */
    record Cores(double clients, double idle, double available) {
        static Cores mean(List<Cores> rounds) {
            return new Cores(rounds.stream().mapToDouble(Cores::clients).average().orElse(0),
                    rounds.stream().mapToDouble(Cores::idle).average().orElse(0),
                    rounds.stream().mapToDouble(Cores::available).average().orElse(0));
        }
    }

    /**
     * Both sides' seconds per round for the same batch, rounds taken in turns, and the CPU seconds
     * each used a round, on average: sharp's whole process, the Pixflow server's threads by group.
     */
    record Pipeline(int images, int clients, int renders, double[] pixflow, double[] sharp, String sharpVersion,
                    double sharpCpu, Map<String, Double> pixflowCpu, Cores pixflowCores, Cores sharpCores,
                    JitWarmUp warmed) {
        double pixflowSeconds() {
            return Stats.of(pixflow).median();
        }

        double sharpSeconds() {
            return Stats.of(sharp).median();
        }

        /** Pixflow's speed as a share of sharp's: above 1, Pixflow is faster. */
        double ratio() {
            return sharpSeconds() / pixflowSeconds();
        }
    }

    /**
     * The batch through the server (as many clients uploading at once as there are cores) and through
     * sharp (as many files at a time as the server has worker threads, each on one libvips thread), a
     * round of each in turn, after warm-up rounds of each.
     */
    private Pipeline pipeline(UploadToReady server, List<Path> batch, Path work, int clients, int renders) throws Exception {
        List<String> command = SharpWorkload.command(root, "pipeline", renders,
                Files.createDirectories(work.resolve("sharp-pipeline")), batch);
        double[] pixflow = new double[PIPELINE_ROUNDS];
        double[] sharp = new double[PIPELINE_ROUNDS];
        double sharpCpu = 0;
        Map<String, Double> pixflowCpu = new LinkedHashMap<>();
        List<Cores> pixflowCores = new ArrayList<>();
        List<Cores> sharpCores = new ArrayList<>();
        JitWarmUp warmed;
        try (WorkloadProcess node = new WorkloadProcess(command)) {
            node.warmUp();
            // At least node's warm-up rounds, and at least PIPELINE_WARM_UP_SECONDS: the server's JIT
            // keeps compiling its request and render paths that long.
            long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(PIPELINE_WARM_UP_SECONDS);
            for (int i = 0; i < WorkloadProcess.WARM_UP_PASSES || System.nanoTime() < warmUntil; i++) {
                server.batch(batch, clients);
            }
            warmed = untilJitSettled(server, batch, clients);
            for (int r = 0; r < PIPELINE_ROUNDS; r++) {
                UploadToReady.Batch pass = server.batch(batch, clients);
                pixflow[r] = pass.seconds();
                pass.serverCpu().forEach((group, seconds) -> pixflowCpu.merge(group, seconds / PIPELINE_ROUNDS, Double::sum));
                pixflowCores.add(new Cores(pass.clientCpu(), pass.cores().idle(), pass.cores().available()));
                IdleCores window = IdleCores.start();
                WorkloadProcess.Round round = node.round();
                IdleCores.Window sharpWindow = window.end();
                sharpCores.add(new Cores(0, sharpWindow.idle(), sharpWindow.available()));
                sharp[r] = round.seconds();
                sharpCpu += round.cpuSeconds() / PIPELINE_ROUNDS;
            }
        }
        return new Pipeline(batch.size(), clients, renders, pixflow, sharp, SharpServer.version(root), sharpCpu, pixflowCpu,
                Cores.mean(pixflowCores), Cores.mean(sharpCores), warmed);
    }

    /**
     * Batches in turns of {@link #JIT_TURN_BATCHES} until the server's JIT settled, as delivery's
     * on-the-fly run waits for it: a server's steady state, which sharp's warmed-up node is in too.
     */
    private static JitWarmUp untilJitSettled(UploadToReady server, List<Path> batch, int clients) throws Exception {
        return JitWarmUp.until(() -> {
            double jit = 0;
            double all = 0;
            for (int i = 0; i < JIT_TURN_BATCHES; i++) {
                UploadToReady.Batch pass = server.batch(batch, clients);
                jit += pass.serverCpu().getOrDefault(ThreadCpu.JIT, 0.0);
                all += ThreadCpu.sum(pass.serverCpu());
            }
            return jit / all;
        }, JIT_WARM_UP_MAX_SECONDS);
    }

    private double engineImagesPerSecond(List<Path> jpegs, Path work) throws IOException {
        VipsImageEngine engine = new VipsImageEngine(new VipsSettings(1, 0, 0));
        List<Variant> specs = VariantCatalogue.defaults().all();
        renderAll(engine, jpegs, specs, work); // warm-up: library load, page cache
        long start = System.nanoTime();
        for (int r = 0; r < ROUNDS; r++) {
            renderAll(engine, jpegs, specs, work);
        }
        return jpegs.size() * ROUNDS / seconds(start);
    }

    private static void renderAll(VipsImageEngine engine, List<Path> jpegs, List<Variant> specs, Path work)
            throws IOException {
        for (Path f : jpegs) {
            for (RenderedFile out : engine.render(f, specs, false, work)) {
                Files.delete(out.file());
            }
        }
    }

    /**
     * One vipsthumbnail process per output size over all files, so process start-up is paid three times
     * a round, not per image. {@code allThree} false makes only the thumbnail.
     */
    private double vipsthumbnailImagesPerSecond(List<Path> jpegs, Path work, boolean allThree) throws Exception {
        List<List<String>> commands = new ArrayList<>();
        commands.add(vipsthumbnail(jpegs, work, "256x256", true, "thumb", 80));
        if (allThree) {
            commands.add(vipsthumbnail(jpegs, work, "1024x1024>", false, "medium", 82));
            commands.add(vipsthumbnail(jpegs, work, "2048x2048>", false, "large", 82));
        }
        for (List<String> c : commands) {
            exec(c); // warm-up
        }
        long start = System.nanoTime();
        for (int r = 0; r < ROUNDS; r++) {
            for (List<String> c : commands) {
                exec(c);
            }
        }
        return jpegs.size() * ROUNDS / seconds(start);
    }

    private static List<String> vipsthumbnail(List<Path> jpegs, Path work, String size, boolean smart, String name, int q) {
        List<String> cmd = new ArrayList<>(List.of("vipsthumbnail", "--vips-concurrency=1", "-s", size));
        if (smart) {
            cmd.addAll(List.of("-m", "attention"));
        }
        cmd.addAll(List.of("-o", work.resolve("%s_" + name + ".jpg[Q=" + q + ",strip]").toString()));
        jpegs.forEach(f -> cmd.add(f.toString()));
        return cmd;
    }

    private static void exec(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command.subList(0, 6)));
        }
    }

    private String report(int files, double engine, double vipsSame, double vipsThumbOnly, Pipeline pipeline,
                          UploadToReady.Result latency) {
        return """
                ## Worker: render throughput, the pipeline against sharp, upload-to-ready

                `./pixflow bench worker` on %s.

                ### Worker throughput, one thread each, %d corpus JPEGs x %d rounds (after a warm-up round)

                | renderer | work per image | images/s | vs Pixflow |
                |---|---|---|---|
                | Pixflow engine (in-process, libvips concurrency 1) | thumb + medium + large from one decode | **%.2f** | 1.00x |
                | `vipsthumbnail --vips-concurrency=1`, 3 runs over the files | the same three outputs, three decodes | %.2f | %.2fx |
                | `vipsthumbnail --vips-concurrency=1`, 1 run | thumb only | %.2f | %.2fx |

                %s

                ### The pipeline: %d uploads (the %d corpus JPEGs, %d times) to all variants stored, against sharp

                | who | what the time covers | seconds a batch (median of %d) | vs sharp | target |
                |---|---|---|---|---|
                | sharp %s, `sharp.concurrency(1)`, %d files at a time | decode once to 2048 px in memory, thumb + medium + large from it, each written to a file | %.2f | 1.00x | |
                | Pixflow, the server with its defaults (%d worker threads, passed explicitly), %d clients uploading at once | from the first upload's last byte until every image is `ready`: spool, probe, verify, store the original, record and queue, then lease, render the same three, store and record each, mark ready | **%.2f** | **%.2fx** | >= %.2fx %s |

                Rounds, seconds: Pixflow %s; sharp %s (taken in turns, after %d warm-up rounds of each, and
                at least %d s of them for the server; then the server went on alone, in turns of %d batches,
                until its JIT compilers used less than %.0f %% of its CPU in two turns in a row: %s).
                Both sides render on the same two cores; Pixflow's clients, and its answers to their
                polls (every %d ms) for the status, share them.

                Where the CPU went, seconds a batch (mean of the rounds; the Pixflow server's threads, by what they do):

                | CPU seconds a batch | |
                |---|---|
                | sharp, its whole process | %.2f |
                %s
                | Pixflow's clients (the benchmark's own process: the uploads and the status polls) | %.2f |
                | cores no process used while sharp's batch ran (idle, or waiting on the disk) | %.2f of %.2f |
                | cores no process used while Pixflow's batch ran | %.2f of %.2f |

                The last three rows count over each side's whole round as the benchmark drives it: sharp's from
                asking node for the round to its answer, Pixflow's from the first upload's start to the last
                image seen `ready`.

                ### Upload to ready: `%s` (20 MP, %s bytes), %d uploads

                | measure | median | min | max |
                |---|---|---|---|
                | last request byte sent -> 201 (spool, probe, verify, fsync, commit) | %.0f ms | %.0f ms | %.0f ms |
                | last request byte sent -> record says `ready` (all three variants stored) | **%.0f ms** | %.0f ms | %.0f ms |

                The server ran as %s, with its defaults (two worker threads per core, passed explicitly), in both
                tables; the client polled the record every 5 ms, so a figure can be up to 5 ms late.
                """.formatted(Machine.describe(), files, ROUNDS,
                engine, vipsSame, vipsSame / engine, vipsThumbOnly, vipsThumbOnly / engine, verdict(engine, vipsSame),
                pipeline.images(), files, BATCH_COPIES, PIPELINE_ROUNDS,
                pipeline.sharpVersion(), pipeline.renders(), pipeline.sharpSeconds(),
                pipeline.renders(), pipeline.clients(), pipeline.pixflowSeconds(), pipeline.ratio(), PIPELINE_TARGET,
                pipeline.ratio() >= PIPELINE_TARGET ? "**met**" : "**missed**",
                seconds(pipeline.pixflow()), seconds(pipeline.sharp()), WorkloadProcess.WARM_UP_PASSES,
                PIPELINE_WARM_UP_SECONDS, JIT_TURN_BATCHES, 100 * JitWarmUp.SETTLED_SHARE,
                pipeline.warmed().described(),
                UploadToReady.BATCH_POLL_MILLIS, pipeline.sharpCpu(), cpuRows(pipeline.pixflowCpu()),
                pipeline.pixflowCores().clients(), pipeline.sharpCores().idle(), pipeline.sharpCores().available(),
                pipeline.pixflowCores().idle(), pipeline.pixflowCores().available(),
                LATENCY_FILE, latency.bytes(), latency.runs(),
                latency.toCreated().median(), latency.toCreated().min(), latency.toCreated().max(),
                latency.toReady().median(), latency.toReady().min(), latency.toReady().max(), ServerProcess.Launch.asRunStartsIt(root.resolve("app/target/pixflow.jar")).described())
                + WorkerBenchNotes.PIPELINE;
    }

    private static String startUpReport(StartUp.Result startUp) {
        Stats jar = Stats.of(startUp.jar());
        String rest = startUp.cached().isEmpty()
                ? "| the extracted jar, with and without its start-up cache | not measured: `./pixflow bench` made no cache (`PIXFLOW_AOT=off`) | | |\n"
                : row("the extracted jar (`java -jar app/pixflow.jar` beside its `lib/`), no cache", Stats.of(startUp.extracted().orElseThrow()), false)
                + row("the extracted jar with its start-up cache (`-XX:AOTCache=...`), as `./pixflow run` starts it",
                Stats.of(startUp.cached().orElseThrow()), true);
        return """

                ### Start-up: from a process's start to its first healthy answer, %d starts each, in turns

                | started as | median | min | max |
                |---|---|---|---|
                %s%s
                Each start over an empty data directory (the database made and migrated at start), until
                `/actuator/health` answers 200 (asked every 100 ms). The cache is made once per build
                (ARCHITECTURE.md, Start-up).
                """.formatted(StartUp.RUNS, row("`java -jar pixflow.jar` (the jar of jars)", jar, false), rest);
    }

    private static String row(String what, Stats s, boolean bold) {
        String median = bold ? "**%.1f s**".formatted(s.median()) : "%.1f s".formatted(s.median());
        return "| %s | %s | %.1f s | %.1f s |\n".formatted(what, median, s.min(), s.max());
    }

    /** Says what the numbers say, whichever way they went. */
    private static String verdict(double engine, double vipsSame) {
        double gain = (engine / vipsSame - 1) * 100;
        return gain >= 0
                ? "Making the three variants from one shrink-on-load decode is %.0f%% faster than three separate `vipsthumbnail` passes over the same files.".formatted(gain)
                : "Pixflow is %.0f%% slower than three separate `vipsthumbnail` passes here, although it decodes once: the difference is in-process overhead to look into.".formatted(-gain);
    }

    /** The Pixflow server's rows of the CPU table, its total last. */
    private static String cpuRows(Map<String, Double> cpu) {
        if (cpu.isEmpty()) {
            return "| Pixflow server | not measured (no /proc) |";
        }
        StringBuilder rows = new StringBuilder();
        cpu.forEach((group, seconds) -> rows.append("| Pixflow server: %s | %.2f |%n".formatted(group, seconds)));
        double total = ThreadCpu.sum(cpu);
        return rows.append("| Pixflow server, all its threads | **%.2f** |".formatted(total)).toString();
    }

    private static String seconds(double[] rounds) {
        return java.util.Arrays.stream(rounds).mapToObj("%.2f"::formatted).collect(java.util.stream.Collectors.joining(", "));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
