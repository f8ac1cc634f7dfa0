package dev.pixflow.adapter.postgres;

import dev.pixflow.contract.WebhookStoreContract;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.WebhookStore;
import dev.pixflow.testing.servers.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The webhook store contract on a real PostgreSQL server, a fresh database per test; the other process
 * has a connection pool of its own, so the scale-out case claims over separate sessions.
 */
class PostgresWebhookStoreTest extends WebhookStoreContract {
    private static PostgresServer server;
    private PostgresDatabase db;
    private PostgresDatabase other;

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
        String url = server.newDatabase();
        db = PostgresDatabase.open(url, PostgresServer.USER, PostgresServer.PASSWORD, 4);
        other = PostgresDatabase.open(url, PostgresServer.USER, PostgresServer.PASSWORD, 4);
    }

    @AfterEach
    void close() {
        other.close();
        db.close();
    }

    @Override
    protected WebhookStore store() {
        return new PostgresWebhookStore(db);
    }

    @Override
    protected EventLog events() {
        return new PostgresEventLog(db);
    }

    @Override
    protected WebhookStore otherProcess() {
        return new PostgresWebhookStore(other);
    }
}
