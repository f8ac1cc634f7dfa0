package dev.pixflow.contract;

import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.port.ApiKeyStore;
import dev.pixflow.core.port.BlobReferences;
import dev.pixflow.core.port.CatalogueExport;
import dev.pixflow.core.port.CatalogueStatistics;
import dev.pixflow.core.port.EventCursors;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.Expirations;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.ImageSearch;
import dev.pixflow.core.port.IngestedRecords;
import dev.pixflow.core.port.MultipartUploadStore;
import dev.pixflow.core.port.Outbox;
import dev.pixflow.core.port.RenditionRecords;
import dev.pixflow.core.port.SweepTurns;
import dev.pixflow.core.port.WebhookStore;

import java.util.List;

/**
 * Every store of one catalogue backend over one fresh, empty database: what the catalogue contracts
 * run against. A backend gives its stores through a {@link CatalogueStoresExtension}.
 */
public interface CatalogueStores extends AutoCloseable {

    ImageRecords records();

    ImageSearch search();

    RenditionRecords renditions();

    BlobReferences references();

    Expirations expirations();

    EventLog events();

    EventCursors eventCursors();

    SweepTurns sweepTurns();

    WebhookStore webhooks();

    ApiKeyStore apiKeys();

    IngestedRecords ingestedRecords();

    CatalogueExport export();

    CatalogueStatistics statistics();

    MultipartUploadStore multipartUploads();

    /** The jobs the catalogue's changes wrote, for a relay to hand to an external queue. */
    Outbox outbox();

    /** The jobs the catalogue's changes handed to the queue since the last call, oldest first. */
    List<JobSpec> handedOver();

    /** The same database as another process opens it: its own connections, its own stores. */
    CatalogueStores otherProcess();
}
