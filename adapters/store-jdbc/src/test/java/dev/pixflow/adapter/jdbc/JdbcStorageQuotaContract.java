package dev.pixflow.adapter.jdbc;

import dev.pixflow.contract.CatalogueStores;
import dev.pixflow.contract.StorageQuotaContract;
import dev.pixflow.core.port.StorageQuota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** The storage quota contract on {@link JdbcStorageQuota}, whichever dialect opened the database. */
public abstract class JdbcStorageQuotaContract extends StorageQuotaContract {

    @Override
    protected StorageQuota quota(CatalogueStores stores, long limit, Duration holdFor, Instant now) {
        return new JdbcStorageQuota(((JdbcCatalogueStores) stores).jdbc().database(), limit, holdFor,
                Clock.fixed(now, ZoneOffset.UTC));
    }
}
