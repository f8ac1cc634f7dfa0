package dev.pixflow.app.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Replaces one section of docs/benchmarks.md between its markers, in the format bench/'s Report writes. */
final class BenchmarkSection {
    private BenchmarkSection() {
    }

    static void write(Path file, String name, String markdown) throws IOException {
        String begin = "<!-- bench:" + name + " -->";
        String end = "<!-- /bench:" + name + " -->";
        String current = Files.exists(file) ? Files.readString(file) : "# Pixflow benchmarks\n";
        String section = begin + "\n" + markdown.strip() + "\n" + end;
        int from = current.indexOf(begin);
        int to = current.indexOf(end);
        String next = from >= 0 && to > from
                ? current.substring(0, from) + section + current.substring(to + end.length())
                : current.stripTrailing() + "\n\n" + section + "\n";
        Files.writeString(file, next);
        System.out.println(markdown);
    }
}
