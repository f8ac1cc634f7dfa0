package dev.pixflow.app.health;

import dev.pixflow.app.config.Backends;
import dev.pixflow.app.config.Role;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a process needs reachable to do its roles' work, each a component of the readiness group. What
 * a process only hands on through a buffer is not among them: jobs wait in the outbox for SQS, events
 * in the event log for Kafka, SQS and webhooks, and both go out once the destination is back, so an
 * upload pod stays ready while SQS is away. The queue is a dependency of the workers, which take from it.
 */
public enum Dependency {
    /** The catalogue (SQLite, PostgreSQL or DynamoDB): every role reads or writes it. */
    DATABASE,
    /** The S3 buckets of originals and renditions, when blobs are on S3: every role reads or writes them. */
    BUCKET,
    /** The SQS job queue, for the workers. */
    QUEUE,
    /** The Kafka topic that ingestion reads, when one is configured. */
    KAFKA;

    /** The component's name under {@code dependencies} in the health document. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Set<Dependency> of(Set<Role> roles, Backends backends, boolean ingestTopicConfigured) {
        Set<Dependency> needed = EnumSet.of(DATABASE);
        if (backends.storage() == Backends.Storage.S3) {
            needed.add(BUCKET);
        }
        if (backends.queue() == Backends.Queue.SQS && roles.contains(Role.WORKER)) {
            needed.add(QUEUE);
        }
        if (ingestTopicConfigured && roles.contains(Role.INGEST)) {
            needed.add(KAFKA);
        }
        return needed;
    }
}
