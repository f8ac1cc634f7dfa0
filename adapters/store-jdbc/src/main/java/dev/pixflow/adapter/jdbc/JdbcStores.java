package dev.pixflow.adapter.jdbc;

/**
 * Every store of the catalogue's database, built once over one {@link SqlDatabase}: each port the
 * core knows by its concern (records, search, renditions, blob references, expiry, events ...), all in
 * the same database so that a change and what it implies commit together.
 *
 * @param jobs where the catalogue writes the jobs of its changes (the queue table, or an outbox)
 */
public final class JdbcStores {
    private final SqlDatabase db;
    private final JdbcImageRecords records;
    private final JdbcImageSearch search;
    private final JdbcRenditionRecords renditions;
    private final JdbcBlobReferences references;
    private final JdbcExpirations expirations;
    private final JdbcOutbox outbox;

    public JdbcStores(SqlDatabase db, JobTable jobs) {
        this.db = db;
        ImageRows rows = new ImageRows(db);
        SearchEntries entries = new SearchEntries(db, rows);
        this.references = new JdbcBlobReferences(db);
        this.records = new JdbcImageRecords(db, jobs, rows, entries, references);
        this.search = new JdbcImageSearch(db, rows);
        this.renditions = new JdbcRenditionRecords(db, jobs, rows, entries);
        this.expirations = new JdbcExpirations(db, rows);
        this.outbox = new JdbcOutbox(db, jobs);
        entries.indexMissing();
    }

    public SqlDatabase database() {
        return db;
    }

    public JdbcImageRecords records() {
        return records;
    }

    public JdbcImageSearch search() {
        return search;
    }

    public JdbcRenditionRecords renditions() {
        return renditions;
    }

    public JdbcBlobReferences references() {
        return references;
    }

    public JdbcExpirations expirations() {
        return expirations;
    }

    /** The jobs of the catalogue's changes, for a relay to an external queue. */
    public JdbcOutbox outbox() {
        return outbox;
    }

    public JdbcEventLog events() {
        return new JdbcEventLog(db);
    }

    public JdbcEventCursors eventCursors() {
        return new JdbcEventCursors(db);
    }

    public JdbcSweepTurns sweepTurns() {
        return new JdbcSweepTurns(db);
    }

    public JdbcWebhookStore webhooks() {
        return new JdbcWebhookStore(db);
    }

    public JdbcApiKeyStore apiKeys() {
        return new JdbcApiKeyStore(db);
    }

    public JdbcIngestedRecords ingestedRecords() {
        return new JdbcIngestedRecords(db);
    }

    public JdbcCatalogueExport export() {
        return new JdbcCatalogueExport(db);
    }

    public JdbcCatalogueStatistics statistics() {
        return new JdbcCatalogueStatistics(db);
    }

    public JdbcMultipartUploadStore multipartUploads() {
        return new JdbcMultipartUploadStore(db);
    }
}
