package dev.pixflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * docs/benchmarks.md, one section per benchmark between markers, so running one benchmark replaces its
 * own section and keeps the others.
 */
final class Report {
    private static final String HEADER = """
            # Pixflow benchmarks

            Measured, not asserted: each section is written by `./pixflow bench NAME` on the machine it
            names, with the anchors run in the same session. Rerun the command to refresh a section.
            """;

    private final Path file;

    Report(Path file) {
        this.file = file;
    }

    void write(String name, String markdown) throws IOException {
        String begin = "<!-- bench:" + name + " -->";
        String end = "<!-- /bench:" + name + " -->";
        String current = Files.exists(file) ? Files.readString(file) : HEADER;
        String section = begin + "\n" + markdown.strip() + "\n" + end;
        int from = current.indexOf(begin);
        int to = current.indexOf(end);
        String next = from >= 0 && to > from
                ? current.substring(0, from) + section + current.substring(to + end.length())
                : current.stripTrailing() + "\n\n" + section + "\n";
        Files.createDirectories(file.getParent());
        Files.writeString(file, next);
        System.out.println(markdown);
    }
}
