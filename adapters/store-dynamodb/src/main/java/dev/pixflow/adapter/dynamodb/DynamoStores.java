package dev.pixflow.adapter.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * Every store of the catalogue over one DynamoDB table (see {@link CatalogueTable}): what the app wires
 * when {@code pixflow.metadata.type=dynamodb}. The stores of one process share an in-process signal of
 * new jobs and events; other processes find them by polling, as with PostgreSQL's outbox.
 */
public final class DynamoStores {
    private final DynamoImageRecords records;
    private final DynamoImageSearch search;
    private final DynamoRenditionRecords renditions;
    private final DynamoBlobReferences references;
    private final DynamoExpirations expirations;
    private final DynamoOutbox outbox;
    private final DynamoEventLog events;
    private final DynamoEventCursors eventCursors;
    private final DynamoSweepTurns sweepTurns;
    private final DynamoWebhookStore webhooks;
    private final DynamoApiKeyStore apiKeys;
    private final DynamoIngestedRecords ingestedRecords;
    private final DynamoCatalogueExport export;
    private final DynamoCatalogueStatistics statistics;
    private final DynamoMultipartUploadStore multipartUploads;

    /** The stores over {@code table}, which must exist ({@link CatalogueTable#create} or Terraform makes it). */
    public DynamoStores(DynamoDbClient client, String table, Clock clock) {
        Table t = new Table(client, table, clock);
        Counters counters = new Counters(t);
        this.webhooks = new DynamoWebhookStore(t, counters);
        this.events = new DynamoEventLog(t, webhooks);
        webhooks.events(events);
        PendingWork work = new PendingWork(t, events);
        this.references = new DynamoBlobReferences(t);
        this.search = new DynamoImageSearch(t);
        this.records = new DynamoImageRecords(t, work, references, search);
        this.renditions = new DynamoRenditionRecords(t, work, counters);
        this.expirations = new DynamoExpirations(t);
        this.outbox = new DynamoOutbox(t, work);
        this.eventCursors = new DynamoEventCursors(t);
        this.sweepTurns = new DynamoSweepTurns(t);
        this.apiKeys = new DynamoApiKeyStore(t);
        this.ingestedRecords = new DynamoIngestedRecords(t);
        this.export = new DynamoCatalogueExport(t);
        this.statistics = new DynamoCatalogueStatistics(t);
        this.multipartUploads = new DynamoMultipartUploadStore(t);
    }

    public DynamoImageRecords records() {
        return records;
    }

    public DynamoImageSearch search() {
        return search;
    }

    public DynamoRenditionRecords renditions() {
        return renditions;
    }

    public DynamoBlobReferences references() {
        return references;
    }

    public DynamoExpirations expirations() {
        return expirations;
    }

    public DynamoOutbox outbox() {
        return outbox;
    }

    public DynamoEventLog events() {
        return events;
    }

    public DynamoEventCursors eventCursors() {
        return eventCursors;
    }

    public DynamoSweepTurns sweepTurns() {
        return sweepTurns;
    }

    public DynamoWebhookStore webhooks() {
        return webhooks;
    }

    public DynamoApiKeyStore apiKeys() {
        return apiKeys;
    }

    public DynamoIngestedRecords ingestedRecords() {
        return ingestedRecords;
    }

    public DynamoCatalogueExport export() {
        return export;
    }

    public DynamoCatalogueStatistics statistics() {
        return statistics;
    }

    public DynamoMultipartUploadStore multipartUploads() {
        return multipartUploads;
    }
}
