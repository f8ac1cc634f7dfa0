package dev.pixflow.cluster;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * {@code ./pixflow cluster}: starts the scale-out architecture on this machine, prints where everything
 * is, and runs until Ctrl-C or SIGTERM, which stop it all in order. Exit status 1 when the cluster could
 * not start (everything started so far is stopped again), 2 for a wrong command line.
 */
public final class ClusterLauncher {
    private ClusterLauncher() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (Options.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("pixflow cluster: " + e.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        QueueServer.configureActorSystem();
        quietEngines();

        Layout layout = new Layout(options.dataDir());
        Optional<ProcessHandle> running = Leftovers.runningLauncher(layout);
        if (running.isPresent()) {
            System.err.println("pixflow cluster: a cluster already runs on " + options.dataDir() + " (pid " + running.get().pid()
                    + "); stop it first (Ctrl-C in its terminal, or kill " + running.get().pid() + ")");
            System.exit(1);
        }

        long started = System.nanoTime();
        Cluster cluster = new Cluster(options, out);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            out.println("pixflow cluster: stopping ...");
            cluster.close();
            out.println("pixflow cluster: stopped");
            stopped.countDown();
        }, "pixflow-cluster-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            cluster.start();
        } catch (Exception e) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C while starting: the hook is stopping what was started.
                stopped.await();
                return;
            }
            System.err.println("pixflow cluster: could not start: " + e.getMessage());
            cluster.close();
            System.exit(1);
            return;
        }
        out.print(summary(cluster, options, Duration.ofNanos(System.nanoTime() - started)));
        out.flush();
        // Runs until a signal; the hook stops everything, then the JVM exits.
        stopped.await();
    }

    /** The engines log through slf4j: warnings and errors only, on the launcher's own output. */
    private static void quietEngines() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        }
    }

    static String summary(Cluster cluster, Options options, Duration took) {
        S3Credentials s3 = cluster.credentials();
        String s3Url = cluster.objects().endpoint().toString();
        String processes = cluster.nodes().stream().map(n -> "%s :%d (pid %d)".formatted(n.name(), n.process().port(), n.process().pid()))
                .collect(Collectors.joining(", "));
        return """

                Pixflow cluster is up (%d s): %s
                  API and web UI  %s    health: %s/actuator/health
                                  nginx routes /v1/uploads to multipart, /i/ and /t/ to delivery, the rest to upload
                  S3              %s    access key %s, secret key %s, region %s, path-style
                                  buckets %s, %s; files put under s3://%s/incoming/ become images
                                  export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_DEFAULT_REGION=%s
                                  aws --endpoint-url %s s3 ls s3://%s --recursive
                                  rclone lsf ":s3,provider=Other,endpoint=%s,access_key_id=%s,secret_access_key=%s:%s"
                  SQS             %s    queues %s (dead letters: %s), %s
                  PostgreSQL      %s    user %s, password %s
                  processes       %s
                  data and logs   %s (logs in %s)
                Ctrl-C stops everything.
                """.formatted(took.toSeconds(), roles(options), cluster.url(), cluster.url(),
                s3Url, s3.accessKey(), s3.secretKey(), ObjectStore.REGION,
                Cluster.ORIGINALS, Cluster.RENDITIONS, Cluster.ORIGINALS,
                s3.accessKey(), s3.secretKey(), ObjectStore.REGION,
                s3Url, Cluster.ORIGINALS,
                s3Url, s3.accessKey(), s3.secretKey(), Cluster.ORIGINALS,
                cluster.queues().endpoint(), QueueServer.JOBS, QueueServer.JOBS_DEAD, QueueServer.INCOMING,
                cluster.database().jdbcUrl(), Database.USER, Database.PASSWORD,
                processes, options.dataDir(), cluster.layout().logs());
    }

    private static String roles(Options options) {
        return java.util.Arrays.stream(Options.ROLES).map(r -> options.count(r) + " " + r).collect(Collectors.joining(", "));
    }
}
