package dev.pixflow.app.keys;

import dev.pixflow.app.catalogue.DynamoCatalogueProperties;
import dev.pixflow.app.catalogue.DynamoCatalogueWiring;
import dev.pixflow.app.catalogue.EmbeddedCatalogueWiring;
import dev.pixflow.app.catalogue.PostgresCatalogueWiring;
import dev.pixflow.app.catalogue.SqlCatalogueWiring;
import dev.pixflow.app.config.PixflowProperties;
import dev.pixflow.app.security.SecurityProperties;
import dev.pixflow.app.tracing.TracingWiring;
import dev.pixflow.core.port.ApiKeyStore;
import dev.pixflow.core.usecase.ApiKeys;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.time.Clock;

/**
 * The whole application context of {@code pixflow keys}: the configured catalogue and its key store,
 * nothing else (no web server, no engine, no workers), so keys can be made before the server may start.
 * Deliberately not a {@code @Configuration}, so the server's component scan never finds it.
 */
@EnableConfigurationProperties({PixflowProperties.class, SecurityProperties.class, DynamoCatalogueProperties.class})
@Import({EmbeddedCatalogueWiring.class, PostgresCatalogueWiring.class, SqlCatalogueWiring.class, DynamoCatalogueWiring.class,
        TracingWiring.class})
public class KeysContext {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ApiKeys apiKeys(ApiKeyStore store, Clock clock) {
        return new ApiKeys(store, clock);
    }
}
