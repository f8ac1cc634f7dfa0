package dev.pixflow.adapter.postgres;

import dev.pixflow.contract.ApiKeyStoreContract;
import dev.pixflow.core.port.ApiKeyStore;
import dev.pixflow.testing.servers.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The API key contract on a real PostgreSQL server, a fresh database per test. */
class PostgresApiKeyStoreTest extends ApiKeyStoreContract {
    private static PostgresServer server;
    private PostgresDatabase db;
    private PostgresApiKeyStore store;

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
        db = PostgresDatabase.open(server.newDatabase(), PostgresServer.USER, PostgresServer.PASSWORD, 2);
        store = new PostgresApiKeyStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected ApiKeyStore store() {
        return store;
    }
}
