package dev.pixflow.app.config;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Which engines hold the catalogue, the jobs and the blobs: the embedded ones by default (SQLite, local
 * disk), the distributed ones for running many processes. Read from {@code pixflow.metadata.type},
 * {@code pixflow.queue.type} and {@code pixflow.storage.type}, typed: a misspelt engine fails the start.
 */
public record Backends(Catalogue catalogue, Queue queue, Storage storage) {

    public enum Catalogue { SQLITE, POSTGRES, DYNAMODB }

    public enum Queue { SQLITE, SQS }

    public enum Storage { FS, S3 }

    /**
     * Refuses engines a server cannot run on together: the jobs that PostgreSQL or DynamoDB commits with
     * each record are relayed to SQS, as the embedded queue lives in one process's SQLite file.
     */
    public Backends requireRunnable() {
        if (catalogue != Catalogue.SQLITE && queue != Queue.SQS) {
            String type = catalogue.name().toLowerCase(java.util.Locale.ROOT);
            throw new IllegalStateException("pixflow.metadata.type=" + type + " needs pixflow.queue.type=sqs: the jobs that"
                    + " the catalogue commits with each record are relayed to SQS; the embedded queue lives in one process's SQLite file");
        }
        return this;
    }

    public static Backends of(Environment env) {
        Binder binder = Binder.get(env);
        return new Backends(
                binder.bind("pixflow.metadata.type", Catalogue.class).orElse(Catalogue.SQLITE),
                binder.bind("pixflow.queue.type", Queue.class).orElse(Queue.SQLITE),
                binder.bind("pixflow.storage.type", Storage.class).orElse(Storage.FS));
    }
}
