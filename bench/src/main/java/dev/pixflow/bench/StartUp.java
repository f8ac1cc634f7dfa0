package dev.pixflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How long a server process takes from its start to its first healthy answer, started from the jar
 * alone and from the JVM's start-up cache (ARCHITECTURE.md, Start-up), in turns, each over a data
 * directory of its own, as `./pixflow run` starts it otherwise.
 */
final class StartUp {
    static final int RUNS = 3;

    /**
     * Seconds per start: from the jar; from the extracted jar without the cache and with it, both empty
     * when `./pixflow bench` named no cache.
     */
    record Result(double[] jar, Optional<double[]> extracted, Optional<double[]> cached) {
    }

    private StartUp() {
    }

    static Result measure(Path jar, Path work) throws Exception {
        ServerProcess.Launch fromJar = ServerProcess.Launch.of(jar);
        ServerProcess.Launch fromCache = ServerProcess.Launch.asRunStartsIt(jar);
        boolean hasCache = fromCache.aotCache().isPresent();
        // The cache's own share: the extracted jar alone also starts faster than the jar of jars.
        ServerProcess.Launch fromExtracted = fromCache.withoutCache();
        double[] plain = new double[RUNS];
        double[] extracted = new double[RUNS];
        double[] cached = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            plain[i] = secondsToHealthy(fromJar, work.resolve("start-jar-" + i));
            if (hasCache) {
                extracted[i] = secondsToHealthy(fromExtracted, work.resolve("start-extracted-" + i));
                cached[i] = secondsToHealthy(fromCache, work.resolve("start-cached-" + i));
            }
        }
        return new Result(plain, hasCache ? Optional.of(extracted) : Optional.empty(),
                hasCache ? Optional.of(cached) : Optional.empty());
    }

    private static double secondsToHealthy(ServerProcess.Launch launch, Path dir) throws Exception {
        long start = System.nanoTime();
        try (ServerProcess ignored = ServerProcess.start(launch, Files.createDirectories(dir), List.of())) {
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
