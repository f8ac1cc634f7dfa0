package dev.pixflow.adapter.postgres;

import dev.pixflow.contract.IngestedRecordsContract;
import dev.pixflow.core.port.IngestedRecords;
import dev.pixflow.testing.servers.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The IngestedRecords contract on a real PostgreSQL server, a fresh database per test. */
class PostgresIngestedRecordsTest extends IngestedRecordsContract {
    private static PostgresServer server;
    private PostgresDatabase db;
    private PostgresIngestedRecords store;

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
        store = new PostgresIngestedRecords(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    protected IngestedRecords records() {
        return store;
    }
}
