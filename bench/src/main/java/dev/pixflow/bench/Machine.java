package dev.pixflow.bench;

import dev.pixflow.engine.vips.VipsImageEngine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/** One line saying where a benchmark ran, for the report. */
final class Machine {
    private Machine() {
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
