package dev.pixflow.bench;

import dev.pixflow.engine.vips.VipsImageEngine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/** The machine a benchmark runs on: one line saying what it is, for the report, and its cores. */
final class Machine {
    private Machine() {
    }

    /**
     * The server's default worker threads on this machine, two per core (PixflowProperties.Worker.threads(),
     * which the benchmarks, outside the app, cannot call).
     */
    static int serverWorkerThreads() {
        return 2 * Runtime.getRuntime().availableProcessors();
    }

    static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException ignored) {
            // Not Linux: the CPU name is a nicety.
        }
        return "%s, %d cores, Java %s, libvips %s, %s".formatted(cpu, Runtime.getRuntime().availableProcessors(),
                Runtime.version().feature(), VipsImageEngine.libraryVersion(), LocalDate.now());
    }
}
