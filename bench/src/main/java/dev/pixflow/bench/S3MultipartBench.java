package dev.pixflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The scale-out half of {@code ./pixflow bench multipart}: 1 GiB in 8 MiB parts, 4 at a time, to an
 * S3-compatible server, three ways: (a) the parts through Pixflow, which streams them to S3's UploadPart;
 * (b) the parts straight to the bucket with the presigned requests Pixflow signs; (c) the AWS SDK's own
 * multipart upload, the anchor. For (a) and (b), the CPU time Pixflow's process spent, and its heap at
 * {@code -Xmx256m} during (a).
 */
final class S3MultipartBench {
    private static final long GIB = 1L << 30;
    private static final long PART = 8L << 20;
    private static final int PARALLEL = 4;
    private static final String BUCKET = "pixflow-bench";

    record Run(String label, double seconds, double completeSeconds, double cpuSeconds) {
        /** From the first byte sent to the object made (for Pixflow: to the image made). */
        double megabytesPerSecond() {
            return GIB / 1e6 / (seconds + completeSeconds);
        }

        double partsMegabytesPerSecond() {
            return GIB / 1e6 / seconds;
        }
    }

    record Result(Run sdk, Run throughPixflow, Run direct, HeapWatch.Peaks heap) {
    }

    private final Path jar;

    S3MultipartBench(Path jar) {
        this.jar = jar;
    }

    /** @param file 1 GiB that ends as an image, @param seed a small file of the same kind for warming up */
    Result run(Path file, Path seed, Path work) throws Exception {
        if (Files.size(file) != GIB) {
            throw new IllegalArgumentException("the benchmark sends exactly 1 GiB");
        }
        try (S3OnDisk s3 = S3OnDisk.start(Files.createDirectories(work.resolve("s3")))) {
            s3.createBucket(BUCKET);
            SdkMultipartAnchor.upload(s3.endpoint(), BUCKET, seed, PART, PARALLEL); // the SDK's first-use costs, not timed
            MultipartBench.sync();
            Run sdk = new Run("AWS SDK multipart", SdkMultipartAnchor.upload(s3.endpoint(), BUCKET, file, PART, PARALLEL), 0, 0);
            System.out.printf("(c) AWS SDK: 1 GiB in %.2f s%n", sdk.seconds());

            int jmx = ServerProcess.freePort();
            try (ServerProcess pixflow = ServerProcess.start(jar, Files.createDirectories(work.resolve("pixflow")), List.of("-Xmx256m",
                            "-Dcom.sun.management.jmxremote.port=" + jmx, "-Dcom.sun.management.jmxremote.rmi.port=" + jmx,
                            "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false",
                            "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1"),
                    "--pixflow.roles=upload,multipart", "--pixflow.storage.type=s3",
                    "--pixflow.storage.s3.endpoint=" + s3.endpoint(), "--pixflow.storage.s3.path-style=true",
                    "--pixflow.storage.s3.access-key=" + S3OnDisk.ACCESS_KEY, "--pixflow.storage.s3.secret-key=" + S3OnDisk.SECRET_KEY,
                    "--pixflow.storage.s3.region=" + S3OnDisk.REGION, "--pixflow.storage.s3.originals-bucket=" + BUCKET,
                    "--pixflow.multipart.part-size=" + PART);
                 HeapWatch heap = new HeapWatch(jmx)) {
                // JIT and first-use costs of both paths, not timed.
                PartsClient.throughPixflow(pixflow.base()).upload(seed, "image/jpeg", PARALLEL);
                PartsClient.presigned(pixflow.base()).upload(seed, "image/jpeg", PARALLEL);

                MultipartBench.sync();
                double cpu0 = cpuSeconds(pixflow);
                heap.start();
                PartsClient.Timing a = PartsClient.throughPixflow(pixflow.base()).upload(file, "image/jpeg", PARALLEL);
                HeapWatch.Peaks peaks = heap.stop();
                Run through = new Run("parts through Pixflow", a.partsSeconds(), a.completeSeconds(), cpuSeconds(pixflow) - cpu0);
                System.out.printf("(a) through Pixflow: parts %.2f s, complete %.2f s, %.1f CPU s%n",
                        a.partsSeconds(), a.completeSeconds(), through.cpuSeconds());

                MultipartBench.sync();
                cpu0 = cpuSeconds(pixflow);
                PartsClient.Timing b = PartsClient.presigned(pixflow.base()).upload(file, "image/jpeg", PARALLEL);
                Run direct = new Run("presigned parts", b.partsSeconds(), b.completeSeconds(), cpuSeconds(pixflow) - cpu0);
                System.out.printf("(b) presigned: parts %.2f s, complete %.2f s, %.2f CPU s%n",
                        b.partsSeconds(), b.completeSeconds(), direct.cpuSeconds());
                return new Result(sdk, through, direct, peaks);
            }
        }
    }

    /** User and system time of the whole process, as the kernel counts it. */
    private static double cpuSeconds(ServerProcess process) {
        return ProcessHandle.of(process.pid()).flatMap(h -> h.info().totalCpuDuration())
                .orElseThrow(() -> new IllegalStateException("this system does not report a process's CPU time"))
                .toNanos() / 1e9;
    }
}
