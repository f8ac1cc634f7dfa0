package dev.pixflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code ./pixflow bench [worker|multipart|engine|delivery]}: runs the named benchmarks (all by default) and updates docs/benchmarks.md. */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".");
        Path corpus = null;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]);
                case "--corpus" -> corpus = Path.of(args[++i]);
                default -> names.add(args[i]);
            }
        }
        if (names.isEmpty()) {
            names.addAll(List.of("worker", "multipart", "engine", "delivery", "search"));
        }
        // Only the image benchmarks read the corpus; search makes its own records.
        if (!names.stream().allMatch("search"::equals) && (corpus == null || !Files.isDirectory(corpus))) {
            throw new IllegalStateException("the benchmarks run on the shared corpus; set PIXFLOW_CORPUS to its images directory");
        }
        Report report = new Report(root.resolve("docs/benchmarks.md"));
        for (String name : names) {
            switch (name) {
                case "worker" -> report.write("worker", new WorkerBench(root, corpus).run());
                case "multipart" -> report.write("multipart", new MultipartBench(root, corpus).run());
                case "delivery" -> report.write("delivery", new DeliveryBench(root, corpus).run());
                case "engine" -> report.write("engine", new EngineBench(root, corpus).run());
                case "search" -> report.write("search", new SearchBench(root).run());
                default -> throw new IllegalArgumentException("unknown benchmark: " + name + " (known: worker, multipart, engine, delivery, search)");
            }
        }
        System.out.println("results written to " + root.resolve("docs/benchmarks.md").normalize());
    }
}
