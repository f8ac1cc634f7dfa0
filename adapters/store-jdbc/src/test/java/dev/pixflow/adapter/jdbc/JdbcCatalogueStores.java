package dev.pixflow.adapter.jdbc;

import dev.pixflow.contract.CatalogueStores;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.port.ApiKeyStore;
import dev.pixflow.core.port.BlobReferences;
import dev.pixflow.core.port.CatalogueExport;
import dev.pixflow.core.port.CatalogueStatistics;
import dev.pixflow.core.port.EventCursors;
import dev.pixflow.core.port.SweepTurns;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.Expirations;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.ImageSearch;
import dev.pixflow.core.port.IngestedRecords;
import dev.pixflow.core.port.MultipartUploadStore;
import dev.pixflow.core.port.Outbox;
import dev.pixflow.core.port.RenditionRecords;
import dev.pixflow.core.port.WebhookStore;

import java.util.List;
import java.util.function.Supplier;

/**
 * The catalogue contracts' view of {@link JdbcStores}, whichever dialect opened the database.
 *
 * @param handedOver takes the jobs the catalogue handed to its queue since the last call
 * @param another    opens the same database again, as another process would
 * @param cleanUp    what is left to do once the database is closed (its files deleted)
 */
public final class JdbcCatalogueStores implements CatalogueStores {
    private final JdbcStores stores;
    private final Supplier<List<JobSpec>> handedOver;
    private final Supplier<JdbcCatalogueStores> another;
    private final AutoCloseable cleanUp;
    private JdbcCatalogueStores otherProcess;

    public JdbcCatalogueStores(JdbcStores stores, Supplier<List<JobSpec>> handedOver, Supplier<JdbcCatalogueStores> another,
                               AutoCloseable cleanUp) {
        this.stores = stores;
        this.handedOver = handedOver;
        this.another = another;
        this.cleanUp = cleanUp;
    }

    /** The stores as an outbox relay would take their jobs: drained from the job table. */
    public static List<JobSpec> drained(JdbcStores stores) {
        List<JobSpec> jobs = new java.util.ArrayList<>();
        while (stores.outbox().drain(10, jobs::addAll) > 0) {
            // until empty
        }
        return jobs;
    }

    public JdbcStores jdbc() {
        return stores;
    }

    @Override public ImageRecords records() { return stores.records(); }
    @Override public ImageSearch search() { return stores.search(); }
    @Override public RenditionRecords renditions() { return stores.renditions(); }
    @Override public BlobReferences references() { return stores.references(); }
    @Override public Expirations expirations() { return stores.expirations(); }
    @Override public EventLog events() { return stores.events(); }
    @Override public EventCursors eventCursors() { return stores.eventCursors(); }
    @Override public SweepTurns sweepTurns() { return stores.sweepTurns(); }
    @Override public WebhookStore webhooks() { return stores.webhooks(); }
    @Override public ApiKeyStore apiKeys() { return stores.apiKeys(); }
    @Override public IngestedRecords ingestedRecords() { return stores.ingestedRecords(); }
    @Override public CatalogueExport export() { return stores.export(); }
    @Override public CatalogueStatistics statistics() { return stores.statistics(); }
    @Override public Outbox outbox() { return stores.outbox(); }
    @Override public MultipartUploadStore multipartUploads() { return stores.multipartUploads(); }

    @Override
    public List<JobSpec> handedOver() {
        return handedOver.get();
    }

    @Override
    public synchronized CatalogueStores otherProcess() {
        if (otherProcess == null) {
            otherProcess = another.get();
        }
        return otherProcess;
    }

    @Override
    public synchronized void close() throws Exception {
        if (otherProcess != null) {
            otherProcess.close();
        }
        stores.database().close();
        cleanUp.close();
    }
}
