package dev.pixflow.adapter.postgres;

import dev.pixflow.contract.EventLogContract;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.MetadataStore;
import dev.pixflow.testing.servers.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The event log contract on a real PostgreSQL server, a fresh database per test. */
class PostgresEventLogTest extends EventLogContract {
    private static PostgresServer server;
    private PostgresDatabase db;
    private PostgresMetadataStore store;
    private PostgresEventLog events;

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
        db = PostgresDatabase.open(server.newDatabase(), PostgresServer.USER, PostgresServer.PASSWORD, 8);
        store = new PostgresMetadataStore(db);
        events = new PostgresEventLog(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected MetadataStore store() {
        return store;
    }

    @Override
    protected EventLog events() {
        return events;
    }
}
