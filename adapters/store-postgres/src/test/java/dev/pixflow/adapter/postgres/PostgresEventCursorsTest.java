package dev.pixflow.adapter.postgres;

import dev.pixflow.contract.EventCursorsContract;
import dev.pixflow.core.port.EventCursors;
import dev.pixflow.testing.servers.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The EventCursors contract on a real PostgreSQL server, a fresh database per test (two pools for two processes). */
class PostgresEventCursorsTest extends EventCursorsContract {
    private static PostgresServer server;
    private PostgresDatabase db;
    private PostgresDatabase other;
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
        String url = server.newDatabase();
        db = PostgresDatabase.open(url, PostgresServer.USER, PostgresServer.PASSWORD, 4);
        store = new PostgresEventCursors(db);
        other = PostgresDatabase.open(url, PostgresServer.USER, PostgresServer.PASSWORD, 4);
    }

    @AfterEach
    void close() {
        other.close();
        db.close();
    }

    @Override
    protected EventCursors cursors() {
        return store;
    }

    @Override
    protected EventCursors otherProcess() {
        return new PostgresEventCursors(other);
    }
}
