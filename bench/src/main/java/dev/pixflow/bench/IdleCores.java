package dev.pixflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A window over the machine's cores, opened by {@link #start()} and closed by {@link #end()}: how many
 * core-seconds no process used in it (idle and waiting on the disk together, from the {@code cpu} line
 * of {@code /proc/stat}: neither runs anything), and how many the cores had in all.
 */
final class IdleCores {
    private final double idleAtStart;
    private final long startNanos = System.nanoTime();

    private IdleCores(double idleAtStart) {
        this.idleAtStart = idleAtStart;
    }

    static IdleCores start() {
        return new IdleCores(idleSinceBoot());
    }

    /**
     * The window, closed now: the core-seconds no process used (0 when /proc cannot be read, as both
     * ends then read -1) of those the machine had, its cores times the time passed.
     */
    record Window(double idle, double available) {
    }

    Window end() {
        return new Window(idleSinceBoot() - idleAtStart,
                Runtime.getRuntime().availableProcessors() * (System.nanoTime() - startNanos) / 1e9);
    }

    /** Idle core-seconds since boot; -1 when /proc cannot be read. */
    private static double idleSinceBoot() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = cpu.trim().split("\\s+");
            return (Long.parseLong(f[4]) + Long.parseLong(f[5])) / ThreadCpu.TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
