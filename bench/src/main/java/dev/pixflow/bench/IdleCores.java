package dev.pixflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's idle core-seconds so far, from the {@code cpu} line of {@code /proc/stat} (idle and
 * waiting on the disk together: neither runs anything): what two readings differ by is how much of the
 * cores no process used between them.
 */
final class IdleCores {
    private IdleCores() {
    }

    /** Idle core-seconds since boot; -1 when /proc cannot be read. */
    static double seconds() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = cpu.trim().split("\\s+");
            return (Long.parseLong(f[4]) + Long.parseLong(f[5])) / ThreadCpu.TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
