package dev.pixflow.app.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

/** docs/reliability.md, written by {@code ./pixflow bench faults} from the fault suite's own figures. */
final class ReliabilityReport {
    private ReliabilityReport() {
    }

    static void write(Path file, int scale, Map<String, String> figures) throws IOException {
        StringBuilder md = new StringBuilder("""
                # Pixflow reliability

                Written by `./pixflow bench faults` (the fault suite of `./pixflow test`, run at scale %d) on
                %s, %d cores. Each line is what the run observed; the suite fails if any of it breaks a rule
                (an acknowledged upload lost, a half-written blob, a second set of renditions, a 5xx under load).

                | fault | observed |
                |---|---|
                """.formatted(scale, LocalDate.now(), Runtime.getRuntime().availableProcessors()));
        figures.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        Files.createDirectories(file.getParent());
        Files.writeString(file, md.toString());
    }
}
