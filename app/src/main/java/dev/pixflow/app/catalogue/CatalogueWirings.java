package dev.pixflow.app.catalogue;

import dev.pixflow.app.config.PixflowProperties;
import dev.pixflow.app.security.SecurityProperties;
import dev.pixflow.app.tracing.TracingWiring;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * The configured catalogue (SQLite, PostgreSQL or DynamoDB) and what its stores need, for the
 * commands that run without the server ({@code pixflow keys}, {@code pixflow export}): one list, so a
 * new backend or a new need of the stores reaches every command at once. Not a {@code @Configuration},
 * so the server's component scan never finds it; the server has all of these by its own scan.
 */
@EnableConfigurationProperties({PixflowProperties.class, SecurityProperties.class, DynamoCatalogueProperties.class})
@Import({EmbeddedCatalogueWiring.class, PostgresCatalogueWiring.class, SqlCatalogueWiring.class, DynamoCatalogueWiring.class,
        TracingWiring.class})
public class CatalogueWirings {
}
