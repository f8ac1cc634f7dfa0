package dev.pixflow.bench;

import dev.pixflow.core.domain.RenderedFile;
import dev.pixflow.core.recipe.Variant;
import dev.pixflow.core.usecase.VariantCatalogue;
import dev.pixflow.engine.vips.VipsImageEngine;
import dev.pixflow.engine.vips.VipsSettings;
import dev.pixflow.engine.vips.ffm.LibVips;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The Pixflow side of the engine benchmark, run in a JVM of its own so that its peak RSS is its own:
 * {@code EngineWorkload A|B ROUNDS THREADS OUTDIR FILE...} (ROUNDS 0: see {@link #serve}). One warm-up pass, then ROUNDS timed
 * passes, THREADS renders at once (libvips itself on one thread per render). Prints one line:
 * images per second, the process's peak RSS in KiB (VmHWM), images per CPU-second (which other
 * load on the machine disturbs less), the most pixel memory libvips held at once and the most anonymous
 * memory the process held, in KiB, and the version of the libvips it loaded.
 */
public final class EngineWorkload {
    /** Work A: a 256x256 inside thumbnail, JPEG Q80. */
    static final List<Variant> WORK_A = List.of(Variant.of("a", "w:256,h:256,q:80"));

    private EngineWorkload() {
    }

    public static void main(String[] args) throws Exception {
        String work = args[0];
        int rounds = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        List<Path> files = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            files.add(Path.of(args[i]));
        }
        List<Variant> variants = switch (work) {
            case "A" -> WORK_A;
            case "B" -> VariantCatalogue.defaults().all();
            default -> throw new IllegalArgumentException("work is A or B");
        };
        VipsImageEngine engine = new VipsImageEngine(new VipsSettings(1, 0, 0));
        if (rounds == 0) {
            serve(engine, files, variants, out, threads);
            return;
        }
        AnonymousPeak anonymous = AnonymousPeak.start();
        pass(engine, files, variants, out, threads);
        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        for (int r = 0; r < rounds; r++) {
            pass(engine, files, variants, out, threads);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (cpuNanos() - cpuStart) / 1e9;
        System.out.println((files.size() * rounds / seconds) + " " + peakRssKiB() + " " + (files.size() * rounds / cpuSeconds)
                + " " + LibVips.trackedMemoryHighwater() / 1024 + " " + anonymous.kib() + " " + VipsImageEngine.libraryVersion());
    }

    /**
     * The most anonymous memory the process held (resident minus shared pages, from /proc/self/statm),
     * sampled every millisecond without allocating, so the sampling does not grow the heap it measures.
     * Why it is reported beside peak RSS: the engine benchmark's memory notes.
     */
    private static final class AnonymousPeak implements Runnable {
        private static final long PAGE_KIB = 4;
        private volatile long kib;

        static AnonymousPeak start() {
            AnonymousPeak peak = new AnonymousPeak();
            Thread t = new Thread(peak, "anonymous-rss");
            t.setDaemon(true);
            t.start();
            return peak;
        }

        long kib() {
            return kib;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[256];
            long[] fields = new long[3];
            try (java.io.RandomAccessFile statm = new java.io.RandomAccessFile("/proc/self/statm", "r")) {
                while (true) {
                    statm.seek(0);
                    int n = statm.read(buffer);
                    int field = 0;
                    long value = 0;
                    for (int i = 0; i < n && field < fields.length; i++) {
                        byte b = buffer[i];
                        if (b >= '0' && b <= '9') {
                            value = value * 10 + (b - '0');
                        } else {
                            fields[field++] = value;
                            value = 0;
                        }
                    }
                    // size, resident, shared: resident less shared is the anonymous part.
                    kib = Math.max(kib, (fields[1] - fields[2]) * PAGE_KIB);
                    Thread.sleep(1);
                }
            } catch (IOException | InterruptedException e) {
                kib = -1;
            }
        }
    }

    /**
     * ROUNDS 0: stays up as a server would, doing one timed pass per {@code round} line on stdin and
     * answering {@code images seconds cpuSeconds peakRssKiB}; {@code warmup} does an untimed pass.
     */
    private static void serve(VipsImageEngine engine, List<Path> files, List<Variant> variants, Path out, int threads)
            throws Exception {
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        String command;
        while ((command = in.readLine()) != null && !command.equals("quit")) {
            long start = System.nanoTime();
            long cpuStart = cpuNanos();
            pass(engine, files, variants, out, threads);
            if (command.equals("round")) {
                System.out.println(files.size() + " " + (System.nanoTime() - start) / 1e9 + " "
                        + (cpuNanos() - cpuStart) / 1e9 + " " + peakRssKiB());
            } else {
                System.out.println("ok");
            }
            System.out.flush();
        }
    }

    private static void pass(VipsImageEngine engine, List<Path> files, List<Variant> variants, Path out, int threads)
            throws Exception {
        if (threads == 1) {
            for (Path f : files) {
                render(engine, f, variants, out);
            }
            return;
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (Path f : files) {
                done.add(pool.submit(() -> {
                    render(engine, f, variants, out);
                    return null;
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
        }
    }

    private static void render(VipsImageEngine engine, Path file, List<Variant> variants, Path out) throws IOException {
        for (RenderedFile r : engine.render(file, variants, false, out)) {
            Files.delete(r.file());
        }
    }

    /** CPU time of the whole process (every thread, libvips' included). */
    static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    static long peakRssKiB() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1L);
    }
}
