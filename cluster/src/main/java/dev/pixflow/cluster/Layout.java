package dev.pixflow.cluster;

import java.nio.file.Path;

/**
 * Where a cluster keeps everything, all under one data directory:
 * <pre>
 *   s3/                  the buckets (s3proxy's filesystem store)
 *   sqs/                 the queues and their messages (ElasticMQ, messages in H2)
 *   postgres/            PostgreSQL's data directory
 *   lb/                  nginx: its configuration, pid, access log and temporary directories
 *   processes/NAME/      each process's own data directory (spool files)
 *   logs/NAME.log        each process's output; postgres.log, nginx.log
 *   s3-credentials.properties   the S3 key pair, made at the first start
 *   cluster.json         what runs now: URLs, ports and pids (removed when the cluster stops)
 * </pre>
 */
public record Layout(Path root) {
    public Path s3() {
        return root.resolve("s3");
    }

    public Path sqs() {
        return root.resolve("sqs");
    }

    public Path postgres() {
        return root.resolve("postgres");
    }

    public Path loadBalancer() {
        return root.resolve("lb");
    }

    public Path process(String name) {
        return root.resolve("processes").resolve(name);
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path log(String name) {
        return logs().resolve(name + ".log");
    }

    public Path credentials() {
        return root.resolve("s3-credentials.properties");
    }

    public Path state() {
        return root.resolve("cluster.json");
    }
}
