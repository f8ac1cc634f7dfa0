package dev.pixflow.adapter.postgres;

import dev.pixflow.contract.OrphanBlobsContract;
import dev.pixflow.core.port.MetadataStore;
import dev.pixflow.testing.servers.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The orphan-blob contract on a real PostgreSQL server, a fresh database per test. */
class PostgresOrphanBlobsTest extends OrphanBlobsContract {
    private static PostgresServer server;
    private PostgresDatabase db;
    private PostgresMetadataStore store;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void open() {
        db = PostgresDatabase.open(server.newDatabase(), PostgresServer.USER, PostgresServer.PASSWORD, 4);
        store = new PostgresMetadataStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected MetadataStore store() {
        return store;
    }
}
