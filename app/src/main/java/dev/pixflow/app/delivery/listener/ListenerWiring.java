package dev.pixflow.app.delivery.listener;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.PixflowProperties;
import dev.pixflow.app.config.Role;
import dev.pixflow.app.delivery.DeliveryResponses;
import dev.pixflow.app.delivery.KeptAnswers;
import dev.pixflow.app.security.OidcProperties;
import dev.pixflow.app.security.SecurityProperties;
import dev.pixflow.core.usecase.ApiKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The delivery listener, when {@code pixflow.delivery.listener-port} names a port. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(Role.DELIVERY)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnExpression("${pixflow.delivery.listener-port:-1} >= 0")
public class ListenerWiring {

    @Bean
    DeliveryListener deliveryListener(KeptAnswers kept, DeliveryResponses responses, ApiKeys keys, OidcProperties oidc,
                                      SecurityProperties security,
                                      ObjectMapper json, PixflowProperties props, ServerProperties server,
                                      WebServerApplicationContext context, MeterRegistry registry) {
        if (server.getSsl() != null && server.getSsl().isEnabled()) {
            throw new IllegalStateException("pixflow.delivery.listener-port forwards to the server's port over plain "
                    + "HTTP, and server.ssl is set: end TLS at the load balancer in front of the listener instead");
        }
        String contextPath = server.getServlet().getContextPath();
        if (contextPath != null && !contextPath.isEmpty() && !contextPath.equals("/")) {
            throw new IllegalStateException("pixflow.delivery.listener-port serves /i/ and /t/ at the root, and "
                    + "server.servlet.context-path is set: the listener and the server would answer different paths");
        }
        return new DeliveryListener(new ListenerAnswers(kept, responses, keys, oidc.enabled(), security.open(),
                props.delivery().memoryCache().toBytes()), new ListenerProblems(json),
                server.getAddress(), props.delivery().listenerPort(), props.delivery().listenerLoops(), context, registry);
    }
}
