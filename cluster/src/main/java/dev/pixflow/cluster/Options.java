package dev.pixflow.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ./pixflow cluster} runs: how many processes of each role, on which port the load balancer
 * listens ({@code SERVER_PORT}), where everything is kept ({@code PIXFLOW_DATA_DIR}).
 *
 * @param dataDir   every byte of state: buckets, queues, the database, the processes' own directories, logs
 * @param port      the load balancer's port; with fixed ports, the servers and processes take the ports after it
 * @param jar       the packaged server, run once per process
 * @param processes processes per role, in start order
 * @param freePorts the servers and processes on any free ports instead of the ones after {@code port}
 * @param nginx     the nginx binary; none: found on the PATH or in /usr/sbin
 * @param heap      each process's maximum heap (libvips' memory is outside it)
 * @param startTimeout how long the processes may take to be ready, all together
 * @param aotCache  the JVM's start-up cache trained for {@code jar} (ARCHITECTURE.md, Start-up); none: started without
 */
public record Options(Path dataDir, int port, Path jar, Map<String, Integer> processes, boolean freePorts,
                      Optional<Path> nginx, String heap, Duration startTimeout, Optional<Path> aotCache) {
    /** The roles a cluster runs, in start order; {@code ingest} idles without Kafka, so it is not among them. */
    public static final String[] ROLES = {"upload", "multipart", "delivery", "worker"};

    public static final String USAGE = """
            usage: ./pixflow cluster [--upload N] [--multipart N] [--delivery N] [--worker N]

              Runs Pixflow's scale-out architecture on this machine: an S3-compatible server (s3proxy), an
              SQS-compatible server (ElasticMQ), PostgreSQL, N processes of each role (2 by default) on them,
              and nginx in front, on SERVER_PORT (8080), routing by path as the Ingress does. Everything is
              kept under PIXFLOW_DATA_DIR (./data). Ctrl-C (or SIGTERM) stops it all.

              --upload N, --multipart N, --delivery N, --worker N   processes of that role (at least 1;
                                workers may be 0: uploads are kept, their renders wait in the queue)
              --port N          the load balancer's port (default SERVER_PORT, else 8080); the S3 server,
                                the SQS server and PostgreSQL take the next three ports, the processes
                                the ports from port+10
              --free-ports      put everything but the load balancer on free ports instead
              --data-dir DIR    default PIXFLOW_DATA_DIR, else ./data
              --jar FILE        the server's jar (default app/target/pixflow.jar)
              --nginx FILE      the nginx binary (default: nginx on the PATH, or /usr/sbin/nginx)
              --heap SIZE       each process's maximum Java heap (default 512m)
              --aot-cache FILE  the JVM's start-up cache trained for the jar (./pixflow cluster passes it)
            """;

    public static Options parse(String[] args, Map<String, String> env) {
        Path dataDir = Path.of(env.getOrDefault("PIXFLOW_DATA_DIR", "data"));
        int port = env.containsKey("SERVER_PORT") ? parsePort(env.get("SERVER_PORT"), "SERVER_PORT") : 8080;
        Path jar = Path.of("app", "target", "pixflow.jar");
        Map<String, Integer> processes = new LinkedHashMap<>();
        for (String role : ROLES) {
            processes.put(role, 2);
        }
        boolean freePorts = false;
        Optional<Path> nginx = Optional.empty();
        String heap = "512m";
        Optional<Path> aotCache = Optional.empty();
        // Every process started at once on a small machine: two cores start eight JVMs in about 75 s.
        Duration startTimeout = Duration.ofMinutes(5);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") ? arg.substring(2) : arg;
            if (name.equals("free-ports")) {
                freePorts = true;
                continue;
            }
            if (name.equals("help") || name.equals("h") || arg.equals("-h")) {
                throw new UsageException(null);
            }
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                throw new UsageException(arg.startsWith("--") ? arg + " needs a value" : "unknown argument: " + arg);
            }
            String value = args[++i];
            switch (name) {
                case "upload", "multipart", "delivery" -> processes.put(name, count(value, arg, 1));
                // No worker: uploads are taken and kept, their renders wait in the queue.
                case "worker" -> processes.put(name, count(value, arg, 0));
                case "port" -> port = parsePort(value, arg);
                case "data-dir" -> dataDir = Path.of(value);
                case "jar" -> jar = Path.of(value);
                case "nginx" -> nginx = Optional.of(Path.of(value));
                case "aot-cache" -> aotCache = Optional.of(Path.of(value).toAbsolutePath().normalize());
                case "heap" -> {
                    if (!value.matches("[0-9]+[kKmMgG]?")) {
                        throw new UsageException(arg + " takes a Java heap size such as 512m or 1g, not " + value);
                    }
                    heap = value;
                }
                default -> throw new UsageException("unknown option: " + arg);
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new UsageException("no server jar at " + jar + " (build it first: ./pixflow build)");
        }
        if (aotCache.isPresent() && !Files.isRegularFile(aotCache.get())) {
            throw new UsageException("no start-up cache at " + aotCache.get());
        }
        return new Options(dataDir.toAbsolutePath().normalize(), port, jar.toAbsolutePath().normalize(), Map.copyOf(processes),
                freePorts, nginx, heap, startTimeout, aotCache);
    }

    /** Processes of a role. */
    public int count(String role) {
        return processes.getOrDefault(role, 0);
    }

    private static int count(String value, String option, int min) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= 50) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " takes a number from " + min + " to 50, not " + value);
    }

    private static int parsePort(String value, String option) {
        try {
            int p = Integer.parseInt(value.strip());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " is a port number, not " + value);
    }

    /** A command line that cannot be run: the message, or none to print only the usage. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
