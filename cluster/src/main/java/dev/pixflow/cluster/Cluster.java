package dev.pixflow.cluster;

import dev.pixflow.testing.servers.JarProcess;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The scale-out architecture on one machine: the three engines in this JVM (S3, SQS, PostgreSQL), the
 * processes of each role as JVMs of the packaged jar on them, and nginx in front. Started in that order,
 * each waited for; stopped in the reverse order, so no process loses its engines while it winds down.
 */
final class Cluster implements AutoCloseable {
    static final String ORIGINALS = "pixflow-originals";
    static final String RENDITIONS = "pixflow-renditions";
    /** A process's graceful stop: in-flight requests, renders in hand (pixflow.worker.shutdown-grace, 30 s). */
    private static final Duration PROCESS_GRACE = Duration.ofSeconds(60);

    /**
     * One process of a role.
     *
     * @param listenerPort its delivery listener's port (the load balancer's upstream for delivery); 0 for none
     */
    record Node(String name, String role, JarProcess process, int listenerPort) {

        /** Where the load balancer sends this process's share: the delivery listener, when it has one. */
        int upstreamPort() {
            return listenerPort > 0 ? listenerPort : process.port();
        }
    }

    private final Options options;
    private final Layout layout;
    private final PrintStream out;
    private final List<Node> nodes = new ArrayList<>();
    private S3Credentials credentials;
    private QueueServer queues;
    private SqsClient events;
    private ObjectStore objects;
    private Database database;
    private LoadBalancer balancer;
    private volatile boolean stopping;
    private volatile boolean up;
    private volatile boolean wroteState;

    Cluster(Options options, PrintStream out) {
        this.options = options;
        this.layout = new Layout(options.dataDir());
        this.out = out;
    }

    Layout layout() {
        return layout;
    }

    List<Node> nodes() {
        return List.copyOf(nodes);
    }

    URI url() {
        return URI.create("http://localhost:" + options.port());
    }

    /**
     * Starts everything and returns once the load balancer answers /actuator/health with 200. A stop
     * that comes meanwhile (Ctrl-C while starting) makes it stop starting things and throw.
     */
    void start() throws Exception {
        Files.createDirectories(layout.root());
        // What a launcher killed with SIGKILL left: its processes and nginx first, then their database.
        int stale = Leftovers.stopAll(layout) + (Database.stopLeftover(layout.postgres()) ? 1 : 0);
        if (stale > 0) {
            say("stopped " + stale + " process(es) left running by an earlier run");
        }
        Ports ports = Ports.plan(options);
        credentials = S3Credentials.loadOrCreate(layout.credentials());

        say("starting the SQS server (ElasticMQ) on port " + ports.sqs() + " ...");
        step(() -> {
            queues = QueueServer.start(layout.sqs(), ports.sqs());
            events = SqsClient.builder().endpointOverride(queues.endpoint()).region(Region.of(ObjectStore.REGION))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("pixflow", "pixflow"))).build();
        });

        say("starting the S3 server (s3proxy) on port " + ports.s3() + " ...");
        List<String> origins = List.of("http://localhost:" + options.port(), "http://127.0.0.1:" + options.port());
        step(() -> objects = ObjectStore.start(layout.s3(), ports.s3(), credentials, origins, List.of(ORIGINALS, RENDITIONS),
                new ObjectStore.Notifications(events, ORIGINALS, List.of("incoming/", "uploads/"), queues.queueUrl(QueueServer.INCOMING))));

        say("starting PostgreSQL on port " + ports.postgres() + " ...");
        step(() -> database = Database.start(layout.postgres(), ports.postgres(), layout.log("postgres")));
        writeState();

        List<Node> planned = new ArrayList<>();
        int next = 0;
        int nextListener = 0;
        for (String role : Options.ROLES) {
            for (int i = 1; i <= options.count(role); i++) {
                String name = role + "-" + i;
                int listener = role.equals("delivery") ? ports.listeners().get(nextListener++) : 0;
                JarProcess process = new JarProcess(options.jar(), ports.processes().get(next++), jvmOptions(),
                        settings(role, name, listener), secrets(), true);
                planned.add(new Node(name, role, process, listener));
            }
        }
        say("starting " + planned.size() + " processes of " + options.jar().getFileName() + " ("
                + planned.stream().collect(Collectors.groupingBy(Node::role, LinkedHashMap::new, Collectors.counting())).entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")) + ") ...");
        for (Node node : planned) {
            Files.createDirectories(layout.process(node.name()));
            Path log = layout.log(node.name());
            rotate(log);
            step(() -> {
                node.process().start(log);
                nodes.add(node);
            });
            node.process().onExit().thenAccept(p -> {
                if (!stopping) {
                    say(node.name() + " (pid " + p.pid() + ") exited with status " + p.exitValue() + "; its log: " + log);
                }
            });
        }
        writeState();
        awaitReady();

        Map<String, List<Integer>> upstreams = new LinkedHashMap<>();
        for (Node node : nodes) {
            upstreams.computeIfAbsent(node.role(), r -> new ArrayList<>()).add(node.upstreamPort());
        }
        Path nginx = LoadBalancer.find(options.nginx()).orElseThrow(() -> new IOException(
                "nginx is needed as the load balancer and none was found (install Debian's nginx, or give --nginx)"));
        say("starting the load balancer (nginx) on port " + options.port() + " ...");
        step(() -> balancer = LoadBalancer.start(nginx, layout.loadBalancer(), options.port(), upstreams, layout.log("nginx")));
        writeState();
        awaitHealthThroughBalancer();
        up = true;
        writeState();
    }

    /** Starts one thing and keeps it for {@link #close}, unless the cluster is being stopped. */
    private synchronized void step(Step start) throws Exception {
        if (stopping) {
            throw new IllegalStateException("stopped while starting");
        }
        start.run();
    }

    /** Every process ready (its readiness probe), all starting side by side; the first that fails fails the start. */
    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> ready = new ArrayList<>();
            for (Node node : nodes) {
                ready.add(pool.submit(() -> {
                    node.process().awaitReady(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                    return null;
                }));
            }
            for (int i = 0; i < ready.size(); i++) {
                try {
                    ready.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    pool.shutdownNow();     // the others' waits end too; the processes are stopped by close()
                    throw new IllegalStateException(nodes.get(i).name() + ": " + e.getCause().getMessage(), e.getCause());
                }
            }
        }
    }

    private void awaitHealthThroughBalancer() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + options.port() + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            try {
                status = http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // polled again
            }
            Thread.sleep(100);
        }
        throw new IOException("the load balancer did not answer /actuator/health with 200 (last status " + status + ")");
    }

    /** The settings every process shares (the engines) and its own (port, roles, data directory). */
    private List<String> settings(String role, String name, int listenerPort) {
        URI s3 = objects.endpoint();
        List<String> settings = new ArrayList<>(List.of(
                "--server.address=127.0.0.1",
                "--pixflow.roles=" + role,
                "--pixflow.data-dir=" + layout.process(name),
                "--pixflow.storage.type=s3",
                "--pixflow.storage.s3.endpoint=" + s3,
                "--pixflow.storage.s3.public-endpoint=" + s3,
                "--pixflow.storage.s3.path-style=true",
                "--pixflow.storage.s3.region=" + ObjectStore.REGION,
                "--pixflow.storage.s3.access-key=" + credentials.accessKey(),
                "--pixflow.storage.s3.originals-bucket=" + ORIGINALS,
                "--pixflow.storage.s3.renditions-bucket=" + RENDITIONS,
                "--pixflow.storage.s3.incoming-queue-url=" + queues.queueUrl(QueueServer.INCOMING),
                "--pixflow.queue.type=sqs",
                "--pixflow.queue.sqs.endpoint=" + queues.endpoint(),
                "--pixflow.queue.sqs.region=" + ObjectStore.REGION,
                "--pixflow.queue.sqs.access-key=pixflow",
                "--pixflow.queue.sqs.secret-key=pixflow",
                "--pixflow.queue.sqs.queue-url=" + queues.queueUrl(QueueServer.JOBS),
                "--pixflow.queue.sqs.dead-letter-queue-url=" + queues.queueUrl(QueueServer.JOBS_DEAD),
                "--pixflow.metadata.type=postgres",
                "--pixflow.metadata.postgres.url=" + database.jdbcUrl(),
                "--pixflow.metadata.postgres.user=" + Database.USER));
        // A webhook's links, made by a worker, name the cluster's address, not the worker's own port (API
        // answers name the host the request came to, through nginx).
        settings.add("--pixflow.webhooks.api-base-url=http://localhost:" + options.port());
        if (listenerPort > 0) {
            // As deployed: the CDN's origin, here the load balancer, reaches delivery through its listener.
            settings.add("--pixflow.delivery.listener-port=" + listenerPort);
        }
        return settings;
    }

    /** Secrets go in the environment, not on command lines that every user of the machine can list. */
    private Map<String, String> secrets() {
        return Map.of("PIXFLOW_STORAGE_S3_SECRETKEY", credentials.secretKey(),
                "PIXFLOW_METADATA_POSTGRES_PASSWORD", Database.PASSWORD);
    }

    /** Runs' logs kept: a crash's log outlives a few restarts (NAME.log.1 is the last run's, .2 the one before...). */
    static final int LOGS_KEPT = 5;

    /** The previous runs' logs move up one (NAME.log to NAME.log.1 ...); the oldest kept is dropped. */
    static void rotate(Path log) throws IOException {
        for (int n = LOGS_KEPT - 1; n >= 0; n--) {
            Path older = n == 0 ? log : log.resolveSibling(log.getFileName() + "." + n);
            if (Files.exists(older)) {
                Files.move(older, log.resolveSibling(log.getFileName() + "." + (n + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private void say(String message) {
        out.println("pixflow cluster: " + message);
    }

    /** What runs now, for people and tests: URLs, credentials, ports and pids. */
    String state() {
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"ready\": ").append(up).append(",\n");
        json.append("  \"launcherPid\": ").append(ProcessHandle.current().pid()).append(",\n");
        json.append("  \"url\": ").append(quote("http://localhost:" + options.port())).append(",\n");
        if (objects != null) {
            json.append("  \"s3\": {\"endpoint\": ").append(quote(objects.endpoint().toString()))
                    .append(", \"region\": ").append(quote(ObjectStore.REGION))
                    .append(", \"accessKey\": ").append(quote(credentials.accessKey()))
                    .append(", \"secretKey\": ").append(quote(credentials.secretKey()))
                    .append(", \"originalsBucket\": ").append(quote(ORIGINALS))
                    .append(", \"renditionsBucket\": ").append(quote(RENDITIONS)).append("},\n");
        }
        if (queues != null) {
            json.append("  \"sqs\": {\"endpoint\": ").append(quote(queues.endpoint().toString()))
                    .append(", \"jobs\": ").append(quote(queues.queueUrl(QueueServer.JOBS).toString()))
                    .append(", \"dead\": ").append(quote(queues.queueUrl(QueueServer.JOBS_DEAD).toString()))
                    .append(", \"incoming\": ").append(quote(queues.queueUrl(QueueServer.INCOMING).toString())).append("},\n");
        }
        if (database != null) {
            json.append("  \"postgres\": {\"url\": ").append(quote(database.jdbcUrl()))
                    .append(", \"user\": ").append(quote(Database.USER))
                    .append(", \"postmasterPid\": ").append(database.pid()).append("},\n");
        }
        if (balancer != null) {
            json.append("  \"loadBalancer\": {\"pid\": ").append(balancer.pid())
                    .append(", \"config\": ").append(quote(layout.loadBalancer().resolve("nginx.conf").toString())).append("},\n");
        }
        json.append("  \"processes\": [");
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            json.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(quote(n.name()))
                    .append(", \"role\": ").append(quote(n.role()))
                    .append(", \"port\": ").append(n.process().port())
                    .append(n.listenerPort() > 0 ? ", \"listenerPort\": " + n.listenerPort() : "")
                    .append(", \"pid\": ").append(n.process().pid())
                    .append(", \"log\": ").append(quote(String.valueOf(n.process().log()))).append("}");
        }
        json.append(nodes.isEmpty() ? "]\n" : "\n  ]\n").append("}\n");
        return json.toString();
    }

    /** Readable by its owner only: it holds the S3 secret key. */
    private void writeState() throws IOException {
        Path tmp = layout.state().resolveSibling(layout.state().getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, state());
        Files.move(tmp, layout.state(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        wroteState = true;
    }

    private static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        q.append("\\u%04x".formatted((int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    ObjectStore objects() {
        return objects;
    }

    QueueServer queues() {
        return queues;
    }

    Database database() {
        return database;
    }

    S3Credentials credentials() {
        return credentials;
    }

    /**
     * Stops everything in the reverse order of the start: the balancer (no new requests), the processes
     * (SIGTERM, all at once; SIGKILL after their grace), then the engines they used. Safe to call twice
     * and after a start that failed half-way.
     */
    @Override
    public synchronized void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        quietly(() -> {
            if (balancer != null) {
                balancer.close();
            }
        });
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Node node : nodes) {
                pool.submit(() -> {
                    quietly(() -> node.process().terminate(PROCESS_GRACE));
                    return null;
                });
            }
        }
        quietly(() -> {
            if (objects != null) {
                objects.close();
            }
        });
        quietly(() -> {
            if (events != null) {
                events.close();
            }
        });
        quietly(() -> {
            if (queues != null) {
                queues.close();
            }
        });
        quietly(() -> {
            if (database != null) {
                database.close();
            }
        });
        // Only this run's record: one that failed before writing its own keeps an earlier run's, whose
        // leftovers the next start must still find.
        if (wroteState) {
            quietly(() -> Files.deleteIfExists(layout.state()));
        }
    }

    private void quietly(Step step) {
        try {
            step.run();
        } catch (Exception e) {
            out.println("pixflow cluster: while stopping: " + e);
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** The ports: the load balancer's, the three servers', one per process, one per delivery listener. */
    record Ports(int s3, int sqs, int postgres, List<Integer> processes, List<Integer> listeners) {
        static Ports plan(Options options) throws IOException {
            int processes = java.util.Arrays.stream(Options.ROLES).mapToInt(options::count).sum();
            int listeners = options.count("delivery");
            int total = processes + listeners;
            if (options.freePorts()) {
                List<Integer> free = new ArrayList<>();
                List<ServerSocket> held = new ArrayList<>();
                try {
                    // The load balancer's port is given, not bound yet: a port picked here may be the same
                    // number, and a process on it would then answer the load balancer's requests.
                    while (free.size() < 3 + total) {
                        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                        held.add(s);
                        if (s.getLocalPort() != options.port()) {
                            free.add(s.getLocalPort());
                        }
                    }
                } finally {
                    for (ServerSocket s : held) {
                        s.close();
                    }
                }
                return new Ports(free.get(0), free.get(1), free.get(2), free.subList(3, 3 + processes),
                        free.subList(3 + processes, free.size()));
            }
            int base = options.port();
            List<Integer> after = java.util.stream.IntStream.range(0, total).mapToObj(i -> base + 10 + i).toList();
            Ports ports = new Ports(base + 1, base + 2, base + 3, after.subList(0, processes), after.subList(processes, total));
            List<Integer> all = new ArrayList<>(List.of(base, ports.s3(), ports.sqs(), ports.postgres()));
            all.addAll(after);
            for (int p : all) {
                if (p > 65535) {
                    throw new IOException("port " + p + " is past 65535: choose a lower SERVER_PORT (or --free-ports)");
                }
                try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                    s.getLocalPort();
                } catch (IOException inUse) {
                    throw new IOException("port " + p + " is in use; the cluster takes " + base + " (SERVER_PORT), " + (base + 1) + "-"
                            + (base + 3) + " and " + (base + 10) + "-" + (base + 9 + total) + ": choose another SERVER_PORT, or --free-ports");
                }
            }
            return ports;
        }
    }

    private List<String> jvmOptions() {
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + options.heap()));
        options.aotCache().ifPresent(cache -> jvm.add("-XX:AOTCache=" + cache));
        return jvm;
    }
}
