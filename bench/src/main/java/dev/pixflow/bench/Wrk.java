package dev.pixflow.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One wrk run (2 threads, 64 connections on loopback, unless told fewer) and what it printed. */
record Wrk(double requestsPerSecond, double p99Millis, double p50Millis, long requests, long errors) {
    static final int THREADS = 2;
    static final int CONNECTIONS = 64;

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    static Wrk run(String url, int seconds) throws Exception {
        return run(url, seconds, CONNECTIONS);
    }

    static Wrk run(String url, int seconds, int connections) throws Exception {
        Process p = new ProcessBuilder("wrk", "-t" + Math.min(THREADS, connections), "-c" + connections, "-d" + seconds + "s", "--latency",
                "--timeout", "30s", url).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed on " + url + ":\n" + out);
        }
        return parse(out);
    }

    static Wrk parse(String out) {
        Matcher rps = RPS.matcher(out);
        Matcher total = TOTAL.matcher(out);
        if (!rps.find() || !total.find()) {
            throw new IllegalStateException("cannot read wrk's output:\n" + out);
        }
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(out);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        return new Wrk(Double.parseDouble(rps.group(1)), percentile(out, "99%"), percentile(out, "50%"),
                Long.parseLong(total.group(1)), errors);
    }

    private static double percentile(String out, String which) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(which) + "\\s+([\\d.]+)(us|ms|s)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no " + which + " latency in wrk's output:\n" + out);
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }

    static String version() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes()).strip().lines().findFirst().orElse("wrk");
            p.waitFor();
            return v.replaceAll("\\s*\\[.*", "").replaceAll(" Copyright.*", "");
        } catch (Exception e) {
            return "wrk";
        }
    }
}
