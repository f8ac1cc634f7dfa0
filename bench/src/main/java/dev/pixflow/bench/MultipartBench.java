package dev.pixflow.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./pixflow bench multipart}: the server's heap during a 2 GiB multipart upload at -Xmx256m,
 * and the rate of a 1 GiB upload in 4 parallel parts over loopback against {@code curl -T} of the same
 * file to nginx on the same machine. The files are a real JPEG followed by incompressible filler
 * (decoders stop at the JPEG's end), so each upload completes as an image through the whole path.
 */
final class MultipartBench {
    private static final long GIB = 1L << 30;
    private static final double MB = 1e6;

    private final Path root;
    private final Path corpus;

    MultipartBench(Path root, Path corpus) {
        this.root = root;
        this.corpus = corpus;
    }

    String run() throws Exception {
        String loadBefore = loadAverage();
        Path jar = root.resolve("app/target/pixflow.jar");
        Path cliJar = root.resolve("cli/target/pixflow-cli.jar");
        Path work = Files.createTempDirectory("pixflow-bench-multipart-");
        // nginx's workers run as an unprivileged user: they must be able to reach their directories.
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            Path seed = seedJpeg();
            Path big1 = filled(seed, work.resolve("big-1g.jpg"), GIB);
            // Each run starts with no dirty pages waiting, so none pays for the writeback of the one before.
            sync();
            double curlSeconds;
            try (NginxAnchor nginx = NginxAnchor.start(work.resolve("nginx"))) {
                curlSeconds = nginx.curlPut(big1);
            }
            deleteTree(work.resolve("nginx"));
            System.out.printf("curl -T to nginx: 1 GiB in %.2f s%n", curlSeconds);
            sync();
            double ddSeconds = ddFsync(big1, work.resolve("dd.out"));
            Files.delete(work.resolve("dd.out"));
            System.out.printf("dd conv=fsync: 1 GiB in %.2f s%n", ddSeconds);

            PartsClient.Timing one;
            double cliSeconds;
            try (ServerProcess server = ServerProcess.start(jar, Files.createDirectories(work.resolve("rate")), List.of())) {
                Path warmUp = filled(seed, work.resolve("warm-up.jpg"), 64L << 20);
                PartsClient.throughPixflow(server.base()).upload(warmUp, "image/jpeg", 4); // JIT and first-use costs, not timed
                Files.delete(warmUp);
                sync();
                one = PartsClient.throughPixflow(server.base()).upload(big1, "image/jpeg", 4);
                System.out.printf("Pixflow, 4 parallel parts: 1 GiB parts in %.2f s, complete %.2f s%n", one.partsSeconds(), one.completeSeconds());
                sync();
                cliSeconds = cli(cliJar, server.base(), big1, work);
                System.out.printf("Pixflow CLI: 1 GiB in %.2f s%n", cliSeconds);
            }
            deleteTree(work.resolve("rate"));
            sync();
            S3MultipartBench.Result s3 = new S3MultipartBench(jar).run(big1, seed, Files.createDirectories(work.resolve("s3bench")));
            deleteTree(work.resolve("s3bench"));
            Files.delete(big1);

            Path big2 = filled(seed, work.resolve("big-2g.jpg"), 2 * GIB);

            int jmx = ServerProcess.freePort();
            HeapWatch.Peaks heap;
            PartsClient.Timing two;
            try (ServerProcess server = ServerProcess.start(jar, Files.createDirectories(work.resolve("heap")), List.of("-Xmx256m",
                    "-Dcom.sun.management.jmxremote.port=" + jmx, "-Dcom.sun.management.jmxremote.rmi.port=" + jmx,
                    "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false",
                    "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1"));
                 HeapWatch watch = new HeapWatch(jmx)) {
                watch.start();
                two = PartsClient.throughPixflow(server.base()).upload(big2, "image/jpeg", 4);
                heap = watch.stop();
            }
            return s3Report(s3) + "\n" + report(heap, two, one, cliSeconds, curlSeconds, ddSeconds)
                    + "\nLoad average (1 min) when the run started and ended: " + loadBefore + ", " + loadAverage()
                    + " on " + Runtime.getRuntime().availableProcessors() + " cores; whatever else the machine ran"
                    + " shares its disk and cores, so rerun on a quiet machine for steadier figures.\n";
        } finally {
            deleteTree(work);
        }
    }

    private String s3Report(S3MultipartBench.Result r) {
        S3MultipartBench.Run a = r.throughPixflow();
        S3MultipartBench.Run b = r.direct();
        double anchor = r.sdk().megabytesPerSecond();
        List<Long> quarters = r.heap().quarterPeaks();
        return """
                ## Multipart uploads

                `./pixflow bench multipart` on %s.

                ### Scale-out mode: 1 GiB to an S3-compatible server, three ways

                8 MiB parts, 4 at a time, to s3proxy on its filesystem store in the benchmark's JVM (so the
                server's own work shares the two cores with everything else, in all three runs alike). Pixflow
                runs the `upload,multipart` roles at `-Xmx256m` with the S3 blob store. "End to end" runs from
                the first byte sent to the object completed (for Pixflow: to the image made, with the original
                in its place and the record written). Pixflow's CPU is the user + system time of its process.

                | how the bytes go | parts | complete | end to end | vs the SDK | Pixflow CPU per GiB |
                |---|---|---|---|---|---|
                | (c) the AWS SDK's multipart upload, straight to the bucket (anchor) | | | %.1f s, **%.0f MB/s** | 1.00x | - |
                | (a) parts through Pixflow, streamed to S3's UploadPart | %.1f s (%.0f MB/s) | %.1f s | %.1f s, **%.0f MB/s** | %.2fx | %.1f s |
                | (b) presigned parts straight to the bucket, then complete | %.1f s (%.0f MB/s) | %.1f s | %.1f s, **%.0f MB/s** | **%.2fx** | **%.2f s** (%.1f%% of (a)'s) |

                Heap of the Pixflow process during (a), at `-Xmx256m`: highest sample %s; the highest in each
                quarter of the run %s: %s.

                Complete, in both (a) and (b), has S3 put the parts together (CompleteMultipartUpload), then
                reads the object once to hash it (originals are content addressed by SHA-256, which S3's
                per-part checksums cannot be combined into), probes and verifies it, and copies it to its
                content address inside the store. That read is what (b) still costs Pixflow.
                """.formatted(Machine.describe(),
                r.sdk().seconds(), anchor,
                a.seconds(), a.partsMegabytesPerSecond(), a.completeSeconds(), a.seconds() + a.completeSeconds(),
                a.megabytesPerSecond(), a.megabytesPerSecond() / anchor, a.cpuSeconds(),
                b.seconds(), b.partsMegabytesPerSecond(), b.completeSeconds(), b.seconds() + b.completeSeconds(),
                b.megabytesPerSecond(), b.megabytesPerSecond() / anchor, b.cpuSeconds(), 100 * b.cpuSeconds() / a.cpuSeconds(),
                mib(r.heap().sampledMax()), quarters.stream().map(MultipartBench::mib).toList().toString(),
                quarters.get(3) <= quarters.get(0) * 3 / 2 ? "flat" : "growing");
    }

    private String report(HeapWatch.Peaks heap, PartsClient.Timing two, PartsClient.Timing one, double cliSeconds,
                          double curlSeconds, double ddSeconds) {
        StringBuilder pools = new StringBuilder();
        for (Map.Entry<String, Long> e : heap.poolPeaks().entrySet()) {
            pools.append("| peak of pool `").append(e.getKey()).append("` | ").append(mib(e.getValue())).append(" |\n");
        }
        double partsRate = one.bytes() / MB / one.partsSeconds();
        double curlRate = one.bytes() / MB / curlSeconds;
        return """
                ### Embedded mode: parts on local disk

                On %s, %s.

                #### Heap during a 2 GiB multipart upload, server at `-Xmx256m`

                %d parts of %s sent 4 at a time, then complete (assemble, SHA-256, probe, verify, commit).
                Read over JMX from the server: the heap in use sampled every 50 ms, and each heap pool's own
                peak (reset after start-up, so their sum is an upper bound: pools peak at different moments).

                | measure | value |
                |---|---|
                | file | %s (%d bytes) |
                | heap limit (`-Xmx256m`) | %s |
                | heap in use, highest sample | **%s** |
                | sum of heap pool peaks | %s |
                %s| parts phase | %.1f s (%.0f MB/s) |
                | complete (assemble + hash + checks + commit) | %.1f s |

                The parts and the assembled object stream through fixed 64-256 KiB buffers; the heap's high-water
                mark is the garbage collector's working room, not the file.

                #### 1 GiB over loopback: 4 parallel parts vs `curl -T` to nginx, one run each

                | client -> server | what the server does | time | MB/s |
                |---|---|---|---|
                | bench client, 4 parallel parts -> Pixflow (parts only) | stream each part to disk, MD5 it, fsync, record in SQLite | %.2f s | **%.0f** |
                | the same, then complete | + read all parts back, SHA-256, write and fsync the original, probe and verify the image, commit | %.2f s | %.0f |
                | `./pixflow upload --parallel 4` (CLI, end to end) | the same, the CLI also reads each part once more for its Content-MD5 | %.2f s | %.0f |
                | `curl -T` -> nginx %s (WebDAV PUT) | write the body to a temp file, rename | %.2f s | **%.0f** |
                | no network: `dd bs=8M conv=fsync` of the file | the disk's own durable write rate | %.2f s | %.0f |

                MB is 10^6 bytes; a warm-up upload of 64 MiB ran first on the Pixflow server; `sync` before
                each run. Pixflow fsyncs every part before answering (an acknowledged part survives a power
                loss) and hashes everything (MD5 per part, SHA-256 of the whole); nginx does neither, so its
                figure is the page cache's speed. The `dd` line is one sequential stream written durably, for
                scale (four parts fsync'd in parallel can beat it). Complete then reads the parts back and
                writes the object once more (as S3's own complete does), fsync'd. The CLI's extra time is its
                own work on the same two cores: a JVM start and an MD5 pass over each part before sending it.
                """.formatted(Machine.describe(), "server with Pixflow's defaults but the heap limit below",
                two.parts(), mib(two.bytes() / two.parts()), mib(two.bytes()), two.bytes(), mib(heap.max()),
                mib(heap.sampledMax()), mib(heap.poolPeakSum()), pools,
                two.partsSeconds(), two.bytes() / MB / two.partsSeconds(), two.completeSeconds(),
                one.partsSeconds(), partsRate, one.partsSeconds() + one.completeSeconds(),
                one.bytes() / MB / (one.partsSeconds() + one.completeSeconds()),
                cliSeconds, one.bytes() / MB / cliSeconds,
                NginxAnchor.version(), curlSeconds, curlRate, ddSeconds, one.bytes() / MB / ddSeconds);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void sync() throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    /** The disk's durable sequential write rate, with no HTTP, hashing or Java in the way. */
    private static double ddFsync(Path source, Path target) throws Exception {
        long t0 = System.nanoTime();
        Process dd = new ProcessBuilder("dd", "if=" + source, "of=" + target, "bs=8M", "conv=fsync", "status=none")
                .redirectErrorStream(true).start();
        String out = new String(dd.getInputStream().readAllBytes());
        if (dd.waitFor() != 0) {
            throw new IllegalStateException("dd failed: " + out);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private double cli(Path cliJar, String server, Path file, Path work) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", cliJar.toString(),
                "upload", file.toString(), "--server", server, "--parallel", "4", "--state-dir", work.resolve("state").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("cli.log").toFile()).start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("the CLI failed: " + Files.readString(work.resolve("cli.log")));
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private Path seedJpeg() throws IOException {
        try (Stream<Path> files = Files.list(corpus)) {
            return files.filter(p -> p.getFileName().toString().startsWith("jpeg_medium")).sorted().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jpeg_medium* image in " + corpus));
        }
    }

    /** The seed JPEG, then random filler up to {@code size}: a valid image that does not compress. */
    private static Path filled(Path seed, Path target, long size) throws IOException {
        byte[] block = new byte[8 << 20];
        new Random(42).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] head = Files.readAllBytes(seed);
            out.write(head);
            long left = size - head.length;
            while (left > 0) {
                int n = (int) Math.min(block.length, left);
                out.write(block, 0, n);
                left -= n;
                block[(int) (left % block.length)] ^= 0x5a; // no two blocks alike
            }
        }
        return target;
    }

    private static String mib(long bytes) {
        return bytes >= GIB ? "%.2f GiB".formatted(bytes / (double) GIB) : "%.1f MiB".formatted(bytes / (double) (1 << 20));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
