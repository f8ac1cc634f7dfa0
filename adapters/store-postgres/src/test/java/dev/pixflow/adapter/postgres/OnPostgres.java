package dev.pixflow.adapter.postgres;

import dev.pixflow.adapter.jdbc.JdbcCatalogueStores;
import dev.pixflow.adapter.jdbc.JdbcStores;
import dev.pixflow.adapter.jdbc.OutboxTable;
import dev.pixflow.adapter.jdbc.SqlDatabase;
import dev.pixflow.contract.CatalogueStores;
import dev.pixflow.contract.CatalogueStoresExtension;
import dev.pixflow.testing.servers.PostgresServer;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The catalogue's stores on a real PostgreSQL server, one server for the test run and a fresh database
 * for each test; their jobs go to the outbox. Another process is another connection pool.
 */
final class OnPostgres extends CatalogueStoresExtension {

    @Override
    protected CatalogueStores open(ExtensionContext context) {
        Server server = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Server.class, k -> new Server(PostgresServer.start()), Server.class);
        return open(server.postgres().newDatabase());
    }

    /** Stopped when the test run ends. */
    private record Server(PostgresServer postgres) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            postgres.close();
        }
    }

    private static JdbcCatalogueStores open(String url) {
        SqlDatabase db = PostgresDatabase.open(url, PostgresServer.USER, PostgresServer.PASSWORD, 8);
        JdbcStores stores = new JdbcStores(db, new OutboxTable(db));
        return new JdbcCatalogueStores(stores, () -> JdbcCatalogueStores.drained(stores), () -> open(url), () -> { });
    }
}
