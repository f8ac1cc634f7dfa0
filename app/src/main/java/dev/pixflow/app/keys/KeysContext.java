package dev.pixflow.app.keys;

import dev.pixflow.app.catalogue.CatalogueWirings;
import dev.pixflow.core.port.ApiKeyStore;
import dev.pixflow.core.usecase.ApiKeys;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.time.Clock;

/**
 * The whole application context of {@code pixflow keys}: the configured catalogue and its key store,
 * nothing else (no web server, no engine, no workers), so keys can be made before the server may start.
 * Deliberately not a {@code @Configuration}, so the server's component scan never finds it.
 */
@Import(CatalogueWirings.class)
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
