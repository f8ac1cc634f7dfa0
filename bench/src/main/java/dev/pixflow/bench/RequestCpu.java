package dev.pixflow.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Where a server's CPU goes per request: {@code connections} asking for {@code seconds} (with one,
 * requests never overlap), and each thread group's CPU time over that run (from /proc) divided by the
 * requests answered. The total is the whole process's, so threads that ended meanwhile still count.
 */
record RequestCpu(double requestsPerSecond, double totalMillis, Map<String, Double> millisByGroup) {
    /** The thread groups the reports name. */
    static final String LIBVIPS = "libvips' workers";
    static final String RENDER_THREAD = "the render's own thread";
    static final String REQUEST = "the request's threads";
    static final String OTHER = "elsewhere";

    static RequestCpu measure(long pid, String url, int seconds, int connections, Function<String, String> grouping)
            throws Exception {
        Map<String, Double> before = ThreadCpu.of(pid, grouping);
        double totalBefore = ThreadCpu.total(pid);
        Wrk run = Wrk.run(url, seconds, connections);
        Map<String, Double> used = ThreadCpu.between(before, ThreadCpu.of(pid, grouping));
        double total = ThreadCpu.total(pid) - totalBefore;
        if (run.requests() == 0 || run.errors() > 0 || totalBefore < 0) {
            throw new IllegalStateException("no CPU per request for " + url + ": " + run);
        }
        Map<String, Double> millis = new LinkedHashMap<>();
        used.forEach((group, s) -> millis.put(group, 1000 * s / run.requests()));
        return new RequestCpu(run.requestsPerSecond(), 1000 * total / run.requests(), millis);
    }

    double millis(String group) {
        return millisByGroup.getOrDefault(group, 0.0);
    }

    /** The total less the named groups: the threads a report does not name (the JIT, the collector ...). */
    double millisBesides(String... named) {
        double rest = totalMillis;
        for (String group : named) {
            rest -= millis(group);
        }
        // The process's total and its threads' sum are read apart, in clock ticks: a remainder below
        // one tick can come out a hair negative.
        return Math.max(0, rest);
    }
}
