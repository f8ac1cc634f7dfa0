package dev.pixflow.app.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.PixflowProperties;
import dev.pixflow.app.config.Role;
import dev.pixflow.app.importing.AddressPolicy;
import dev.pixflow.app.importing.ImportProperties;
import dev.pixflow.core.port.EventLog;
import dev.pixflow.core.port.Telemetry;
import dev.pixflow.core.port.WebhookSender;
import dev.pixflow.core.port.WebhookStore;
import dev.pixflow.core.usecase.DispatchWebhooks;
import dev.pixflow.core.usecase.WebhookSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Clock;
import java.util.Optional;

/**
 * Webhooks: their store beside the catalogue (whose event log they read), the admin API in every
 * process, and the dispatcher in processes with the worker role. Addresses follow the import's rules,
 * {@code pixflow.import.allow-loopback} included.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({WebhookProperties.class, ImportProperties.class})
public class WebhookWiring {

    @Bean
    WebhookUrlPolicy webhookUrlPolicy(ImportProperties imports) {
        return new WebhookUrlPolicy(new AddressPolicy(imports.allowLoopback()));
    }

    @Bean
    WebhookPayloads webhookPayloads(ObjectMapper json, WebhookProperties props, PixflowProperties pixflow, Environment env) {
        // The port is read when a payload is made: with server.port=0 it is known only once the server runs.
        return new WebhookPayloads(json, () -> props.apiBaseUrl() != null && !props.apiBaseUrl().isBlank()
                ? props.apiBaseUrl().strip()
                : "http://localhost:" + env.getProperty("local.server.port", env.getProperty("server.port", "8080")),
                Optional.ofNullable(pixflow.delivery().publicBaseUrl()));
    }

    /** In every process: the dispatcher sends with it, and so does the admin API's test. */
    @Bean(destroyMethod = "close")
    HttpWebhookSender webhookSender(WebhookPayloads payloads, WebhookUrlPolicy policy, WebhookProperties props, Clock clock) {
        return new HttpWebhookSender(payloads, policy, props.connectTimeout(), props.timeout(), clock);
    }

    @Bean
    @ConditionalOnRole(Role.WORKER)
    DispatchWebhooks dispatchWebhooks(EventLog events, WebhookStore store, WebhookSender sender, Clock clock,
                                      Telemetry telemetry, WebhookProperties props) {
        // The lease outlasts a send's timeouts, so a slow receiver is never sent the same attempt twice.
        return new DispatchWebhooks(events, store, sender, clock, telemetry, new WebhookSettings(props.firstRetry(),
                props.maxAttempts(), props.batch(), props.perHook(), props.timeout().plus(props.connectTimeout()).multipliedBy(2)));
    }

    @Bean
    @ConditionalOnRole(Role.WORKER)
    @ConditionalOnProperty(name = "pixflow.webhooks.enabled", havingValue = "true", matchIfMissing = true)
    WebhookDispatcher webhookDispatcher(DispatchWebhooks dispatch, EventLog events, WebhookProperties props) {
        return new WebhookDispatcher(dispatch, events, props.poll());
    }
}
