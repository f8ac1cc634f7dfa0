package dev.pixflow.engine.vips.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What this process holds open, read from {@code /proc/self}: libvips' own count misses a source's descriptor. */
public final class OpenFiles {
    private OpenFiles() {
    }

    /** How many of this process's descriptors are open on any of {@code files}. */
    public static long descriptorsOn(Path... files) throws IOException {
        List<Path> real = new ArrayList<>();
        for (Path file : files) {
            real.add(file.toRealPath());
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return real.contains(Files.readSymbolicLink(fd));
                } catch (IOException e) {
                    return false; // closed meanwhile, or the listing's own descriptor
                }
            }).count();
        }
    }

    /** Whether {@code file} is mapped into this process. */
    public static boolean mapped(Path file) throws IOException {
        String path = file.toRealPath().toString();
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(line -> line.endsWith(" " + path));
    }
}
