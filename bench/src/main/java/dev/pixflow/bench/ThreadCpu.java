package dev.pixflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The CPU time a Linux process's threads have used, summed by what they do (told by their names):
 * read from {@code /proc/PID/task/TID/stat}, so libvips' own threads count as well as the JVM's. A
 * thread that ended between two readings takes its time with it; the server's threads are pooled, so
 * little is lost.
 */
final class ThreadCpu {
    /** The groups, in the order they are reported. */
    static final String RENDER = "rendering (worker threads and libvips' own)";
    static final String REQUESTS = "uploads and status requests (Tomcat, virtual-thread carriers, upload checks)";
    static final String JIT = "JIT compilers";
    static final String GC = "garbage collector";
    static final String OTHER = "everything else (event relays, webhooks, heartbeats ...)";

    /** Clock ticks a second: 100 on every Linux this runs on (USER_HZ). */
    static final double TICKS = 100.0;

    private ThreadCpu() {
    }

    /** Seconds of CPU each group has used so far; empty when /proc cannot be read. */
    static Map<String, Double> of(long pid) {
        Map<String, Double> groups = new LinkedHashMap<>();
        for (String group : new String[]{RENDER, REQUESTS, JIT, GC, OTHER}) {
            groups.put(group, 0.0);
        }
        return of(pid, ThreadCpu::group, groups);
    }

    /** The same, with the threads grouped by {@code grouping} (a thread's name to its group). */
    static Map<String, Double> of(long pid, Function<String, String> grouping) {
        return of(pid, grouping, new LinkedHashMap<>());
    }

    /** The seconds of all the groups of a reading (or of a difference of two) together. */
    static double sum(Map<String, Double> groups) {
        return groups.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * Seconds of CPU the whole process has used so far, the time of its ended threads included; -1
     * when /proc cannot be read.
     */
    static double total(long pid) {
        try {
            return seconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Map<String, Double> of(long pid, Function<String, String> grouping, Map<String, Double> groups) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (NoSuchFileException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                groups.merge(grouping.apply(name), seconds(stat), Double::sum);
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return groups;
    }

    /** utime and stime of a stat line: fields 14 and 15, counted from the state (field 3) here. */
    private static double seconds(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
    }

    /** {@code after - before}, group by group. */
    static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> used = new LinkedHashMap<>();
        after.forEach((group, seconds) -> used.put(group, seconds - before.getOrDefault(group, 0.0)));
        return used;
    }

    /** The group of a thread of the server, by its name: what {@link #of(long)} sums by. */
    static String group(String thread) {
        if (thread.startsWith("pixflow-worker") || thread.startsWith("libvips") || thread.startsWith("vips")) {
            return RENDER;
        }
        if (thread.startsWith("ForkJoinPool") || thread.startsWith("http-nio") || thread.startsWith("render-gate")
                || thread.startsWith("tomcat")) {
            return REQUESTS;
        }
        if (thread.contains("CompilerThre")) {
            return JIT;
        }
        if (thread.startsWith("GC Thread") || thread.startsWith("G1 ")) {
            return GC;
        }
        return OTHER;
    }
}
