package dev.pixflow.app.catalogue;

import dev.pixflow.adapter.jdbc.JdbcStorageQuota;
import dev.pixflow.adapter.jdbc.JdbcStores;
import dev.pixflow.adapter.jdbc.SqlDatabase;
import dev.pixflow.app.config.Backends;
import dev.pixflow.app.config.ConditionalOnBackend;
import dev.pixflow.app.security.SecurityProperties;
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
import dev.pixflow.core.port.StorageQuota;
import dev.pixflow.core.port.SweepTurns;
import dev.pixflow.core.port.WebhookStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;

/**
 * Every store port of the catalogue, from the {@link JdbcStores} that the SQL backend's own
 * configuration ({@link EmbeddedCatalogueWiring} or {@link PostgresCatalogueWiring}) opened: one
 * implementation of each store, whichever the database.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBackend(catalogue = {Backends.Catalogue.SQLITE, Backends.Catalogue.POSTGRES})
public class SqlCatalogueWiring {

    /** Exposed so health checks see the database, and so Boot does not make a DataSource of its own. */
    @Bean
    DataSource catalogueDataSource(SqlDatabase db) {
        return db.dataSource();
    }

    /**
     * The per-owner storage quota, counted in the catalogue database. A hold not given back (its process
     * died mid-upload) runs out after an hour: longer than storing the largest upload takes.
     */
    @Bean
    StorageQuota storageQuota(SqlDatabase db, SecurityProperties security, Clock clock) {
        long limit = security.limits().storedBytes().toBytes();
        return limit > 0 ? new JdbcStorageQuota(db, limit, Duration.ofHours(1), clock) : StorageQuota.NONE;
    }

    @Bean
    ImageRecords imageRecords(JdbcStores stores) {
        return stores.records();
    }

    @Bean
    ImageSearch imageSearch(JdbcStores stores) {
        return stores.search();
    }

    @Bean
    RenditionRecords renditionRecords(JdbcStores stores) {
        return stores.renditions();
    }

    @Bean
    BlobReferences blobReferences(JdbcStores stores) {
        return stores.references();
    }

    @Bean
    Expirations expirations(JdbcStores stores) {
        return stores.expirations();
    }

    @Bean
    Outbox outbox(JdbcStores stores) {
        return stores.outbox();
    }

    @Bean
    EventLog eventLog(JdbcStores stores) {
        return stores.events();
    }

    @Bean
    EventCursors eventCursors(JdbcStores stores) {
        return stores.eventCursors();
    }

    @Bean
    SweepTurns sweepTurns(JdbcStores stores) {
        return stores.sweepTurns();
    }

    @Bean
    WebhookStore webhookStore(JdbcStores stores) {
        return stores.webhooks();
    }

    @Bean
    ApiKeyStore apiKeyStore(JdbcStores stores) {
        return stores.apiKeys();
    }

    @Bean
    IngestedRecords ingestedRecords(JdbcStores stores) {
        return stores.ingestedRecords();
    }

    @Bean
    CatalogueExport catalogueExport(JdbcStores stores) {
        return stores.export();
    }

    @Bean
    CatalogueStatistics catalogueStatistics(JdbcStores stores) {
        return stores.statistics();
    }

    @Bean
    MultipartUploadStore multipartUploadStore(JdbcStores stores) {
        return stores.multipartUploads();
    }
}
