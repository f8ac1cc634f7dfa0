package dev.pixflow.adapter.postgres;

import dev.pixflow.contract.EventCursorsContract;
import dev.pixflow.core.port.EventCursors;
import dev.pixflow.testing.servers.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The EventCursors contract on a real PostgreSQL server, a fresh database per test. */
class PostgresEventCursorsTest extends EventCursorsContract {
    private static PostgresServer server;
    private PostgresDatabase db;
    private PostgresEventCursors store;

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
        store = new PostgresEventCursors(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected EventCursors cursors() {
        return store;
    }
}
