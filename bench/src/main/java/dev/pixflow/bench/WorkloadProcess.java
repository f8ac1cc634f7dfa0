package dev.pixflow.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A long-lived process doing one pass over its files per {@code round} line on stdin, as a server
 * renders (the engine's {@link EngineWorkload}, or bench/node/sharp-bench.mjs): it answers
 * {@code images seconds cpuSeconds peakRssKiB}, and {@code ok} to an untimed {@code warmup}. Its JIT (the
 * JVM's or V8's) is warmed up before any pass is timed.
 */
final class WorkloadProcess implements AutoCloseable {
    /** One pass: images, seconds, CPU seconds of the whole process, its peak RSS. */
    record Round(int images, double seconds, double cpuSeconds, long rssKiB) {
    }

    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    WorkloadProcess(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(ServerProcess.RUN_ENVIRONMENT);
        process = builder.start();
        out = process.inputReader(StandardCharsets.UTF_8);
        in = process.outputWriter(StandardCharsets.UTF_8);
    }

    private String ask(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals("ok") || line.matches("\\d+ [0-9.eE+-]+ [0-9.eE+-]+ \\d+")) {
                return line;
            }
        }
        throw new IllegalStateException("the workload process ended early");
    }

    /**
     * Untimed passes before the first timed one: enough for a JIT to settle on its hot code. Over the
     * first two hundred or so renders the JVM's compilers took about a third of the engine's CPU, which a
     * server spends once, in its first minute; two passes (52 renders) left them still at work.
     */
    static final int WARM_UP_PASSES = 8;

    void warmUp() throws IOException {
        for (int i = 0; i < WARM_UP_PASSES; i++) {
            ask("warmup");
        }
    }

    Round round() throws IOException {
        String[] f = ask("round").split(" ");
        return new Round(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Long.parseLong(f[3]));
    }

    @Override
    public void close() {
        try {
            in.write("quit\n");
            in.flush();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroy();
        }
    }
}
