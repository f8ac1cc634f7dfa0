package dev.pixflow.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command that runs bench/node/sharp-bench.mjs, the sharp side of the engine and worker benchmarks. */
final class SharpWorkload {
    /** libuv's default thread pool, which sharp renders on: more files at a time than this would queue. */
    private static final int LIBUV_DEFAULT_THREADS = 4;

    private SharpWorkload() {
    }

    /**
     * {@code node sharp-bench.mjs MODE ARG OUT FILE...}; for the {@code pipeline} mode ({@code ARG} files at
     * a time) libuv's pool gets at least as many threads, so that they all render at once.
     */
    static List<String> command(Path root, String mode, int arg, Path out, List<Path> files) {
        List<String> command = new ArrayList<>();
        if (mode.equals("pipeline") && arg > LIBUV_DEFAULT_THREADS) {
            command.addAll(List.of("env", "UV_THREADPOOL_SIZE=" + arg));
        }
        command.addAll(List.of("node", root.resolve("bench/node/sharp-bench.mjs").toString(), mode, Integer.toString(arg),
                out.toString()));
        files.forEach(f -> command.add(f.toString()));
        return command;
    }
}
