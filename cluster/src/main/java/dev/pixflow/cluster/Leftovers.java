package dev.pixflow.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a launcher killed with SIGKILL leaves running: its processes and nginx, which outlive it, found
 * by the pids its {@code cluster.json} names. Only a process whose command line names this data
 * directory is touched: a pid reused since by something else is left alone. nginx's workers, whose
 * master may have been killed on its own, are found by their working directory instead: nginx starts in
 * its prefix directory under the data directory, and its workers inherit it. Only nginx is taken so: a
 * shell someone opened there to read its logs is not a leftover.
 */
final class Leftovers {
    private static final Pattern PID = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)");
    private static final Pattern LAUNCHER = Pattern.compile("\"launcherPid\"\\s*:\\s*(\\d+)");

    private Leftovers() {
    }

    /** A launcher still running on this data directory, if there is one. */
    static Optional<ProcessHandle> runningLauncher(Layout layout) throws IOException {
        if (!Files.exists(layout.state())) {
            return Optional.empty();
        }
        Matcher m = LAUNCHER.matcher(Files.readString(layout.state()));
        if (!m.find()) {
            return Optional.empty();
        }
        long pid = Long.parseLong(m.group(1));
        return ProcessHandle.of(pid).filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> commandLine(p).contains(ClusterLauncher.class.getName()));
    }

    /** Stops every process of an earlier run that still runs; how many there were. */
    static int stopAll(Layout layout) throws IOException {
        if (!Files.exists(layout.state())) {
            return 0;
        }
        List<ProcessHandle> found = new ArrayList<>();
        Matcher m = PID.matcher(Files.readString(layout.state()));
        while (m.find()) {
            ProcessHandle.of(Long.parseLong(m.group(1))).filter(p -> ours(p, layout.root())).ifPresent(found::add);
        }
        Optional<Path> nginxDir = realPath(layout.loadBalancer());
        if (nginxDir.isPresent()) {
            ProcessHandle.allProcesses().filter(p -> !found.contains(p)).filter(Leftovers::isNginx)
                    .filter(p -> realPath(Path.of("/proc", Long.toString(p.pid()), "cwd")).equals(nginxDir))
                    .forEach(found::add);
        }
        // All at once: each lets its work go (SIGTERM) in parallel with the others.
        found.forEach(ProcessHandle::destroy);
        found.forEach(p -> stop(p, Duration.ofSeconds(30)));
        return found.size();
    }

    /** Whether the process's command line names this directory (or a path in it). */
    static boolean ours(ProcessHandle p, Path dir) {
        String cmd = commandLine(p) + " ";
        return cmd.contains(dir + "/") || cmd.contains(dir + " ");
    }

    /**
     * What started the process, read from /proc as {@code ps} shows it: nginx rewrites its arguments into
     * a title ("nginx: master process ..."), which the JDK then does not report.
     */
    static String commandLine(ProcessHandle p) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return p.info().commandLine().orElse("");
        }
    }

    /** An nginx process, by the name the kernel keeps for it (its title is of nginx's own making). */
    private static boolean isNginx(ProcessHandle p) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(p.pid()), "comm")).strip().equals("nginx");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Where a path leads, or nothing (gone, or a process's not ours to read). */
    private static Optional<Path> realPath(Path p) {
        try {
            return Optional.of(p.toRealPath());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** SIGTERM, then SIGKILL (with whatever it started) if it has not exited after {@code grace}. */
    static void stop(ProcessHandle p, Duration grace) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            p.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception stillThere) {
            p.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
