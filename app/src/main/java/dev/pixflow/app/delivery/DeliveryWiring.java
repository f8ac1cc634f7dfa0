package dev.pixflow.app.delivery;

import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.PixflowProperties;
import dev.pixflow.app.config.Role;
import dev.pixflow.core.delivery.DeliveryAccess;
import dev.pixflow.core.delivery.DeliverySigner;
import dev.pixflow.core.delivery.OriginalMetadata;
import dev.pixflow.core.delivery.PersonalMetadata;
import dev.pixflow.core.delivery.TransformUrl;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.Telemetry;
import dev.pixflow.core.usecase.DeliverImage;
import dev.pixflow.core.usecase.ImageChanges;
import dev.pixflow.core.usecase.LiveImages;
import dev.pixflow.core.usecase.RenderGate;
import dev.pixflow.core.usecase.RenderVariants;
import dev.pixflow.core.usecase.RenditionSettings;
import dev.pixflow.core.usecase.VariantCatalogue;
import dev.pixflow.core.usecase.TransformImage;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.LoggerFactory;
import io.micrometer.observation.ObservationPredicate;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.time.Clock;
import java.util.Optional;

/** Signed URLs, transformations and the ways delivery sends bytes (see {@code pixflow.delivery.*}). */
@Configuration(proxyBeanMethods = false)
public class DeliveryWiring {

    @Bean
    DeliverySigner deliverySigner(PixflowProperties props, Clock clock) {
        DeliverySigner signer = new DeliverySigner(props.delivery().signingKeys(), clock);
        if (!signer.enabled()) {
            LoggerFactory.getLogger(DeliveryWiring.class).warn("no pixflow.delivery.keys: transformation URLs are "
                    + "accepted unsigned (/t/_/...), which is for development only");
        }
        return signer;
    }

    @Bean
    DeliveryAccess deliveryAccess(DeliverySigner signer) {
        return new DeliveryAccess(signer);
    }

    @Bean
    TransformImage transformImage(LiveImages live, ImageRecords records, BlobStore blobs, RenderVariants renderer,
                                  RenderGate gate, RenditionSettings settings, PixflowProperties props, DeliverySigner signer,
                                  Telemetry telemetry) {
        return new TransformImage(live, records, blobs, renderer, gate, settings, props.delivery().resultCache(), signer.enabled(),
                telemetry);
    }

    /** Originals for anyone but their owner lose their personal metadata, unless the deployment keeps them as uploaded. */
    @Bean
    DeliverImage deliverImage(LiveImages live, BlobStore blobs, VariantCatalogue catalogue, RenderVariants renderer,
                              RenderGate gate, PixflowProperties props) {
        Optional<PersonalMetadata> personal = props.delivery().originalMetadata() == OriginalMetadata.AS_UPLOADED
                ? Optional.empty() : Optional.of(new OriginalCleaner());
        return new DeliverImage(live, blobs, catalogue, renderer, gate, personal);
    }

    @Bean
    DeliveryLookups deliveryLookups(DeliverImage deliver, TransformImage transform, DeliveryAccess access, Clock clock,
                                    ImageChanges changes, PixflowProperties props) {
        return new DeliveryLookups(deliver, transform, access, clock, changes, props.delivery().lookupCacheTtl(),
                props.delivery().lookupCacheImages());
    }

    @Bean
    KeptAnswers keptAnswers(DeliveryLookups lookups) {
        return new KeptAnswers(lookups);
    }

    /** Before the key filters: a preflight carries no key, and says nothing but what may be asked. */
    @Bean
    @ConditionalOnRole(Role.DELIVERY)
    FilterRegistrationBean<DeliveryCors> deliveryCors() {
        FilterRegistrationBean<DeliveryCors> registration = new FilterRegistrationBean<>(new DeliveryCors());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        registration.addUrlPatterns("/i/*", "/t/*");
        return registration;
    }

    /** Right after the key and rate-limit filters, so it sees the same caller the controller would. */
    @Bean
    @ConditionalOnRole(Role.DELIVERY)
    FilterRegistrationBean<DeliveryFastPath> deliveryFastPath(KeptAnswers answers, DeliveryResponses responses) {
        FilterRegistrationBean<DeliveryFastPath> registration = new FilterRegistrationBean<>(new DeliveryFastPath(answers, responses));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 12);
        registration.addUrlPatterns("/i/*", "/t/*");
        return registration;
    }

    /**
     * HTTP/2 on every connector ({@link Http2Upgrade}); Spring Boot's {@code server.http2.enabled} stays
     * off. A CDN or proxy keeps few connections to its origin and sends everything down them: Tomcat's
     * default of closing a keep-alive connection after 100 requests made it reconnect all the time.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> deliveryConnector() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.addUpgradeProtocol(new Http2Upgrade());
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                http.setMaxKeepAliveRequests(KEEP_ALIVE_REQUESTS);
            }
        });
    }

    /** As many as nginx's static anchor allows on one connection (its {@code keepalive_requests}). */
    static final int KEEP_ALIVE_REQUESTS = 100_000;

    /**
     * Delivery answers are not observed as {@code http.server.requests}: the profile showed its tags and
     * timer lookups were a quarter of the work of answering a kept rendition. They are counted by
     * {@code pixflow_delivery_responses_total{via}} instead; every other path is observed as before.
     */
    @Bean
    ObservationPredicate deliveryNotObserved() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && isDelivery(request.getCarrier().getRequestURI(), request.getCarrier().getContextPath().length()));
    }

    private static boolean isDelivery(String uri, int start) {
        return uri.startsWith("/i/", start) || uri.startsWith(TransformUrl.PREFIX, start);
    }

    @Bean
    HotRenditions hotRenditions(PixflowProperties props) {
        return new HotRenditions(props.delivery().memoryCache().toBytes(), props.delivery().memoryCacheMaxEntry().toBytes());
    }

    @Bean
    DeliveryUrls deliveryUrls(PixflowProperties props, DeliveryAccess access, Clock clock) {
        return new DeliveryUrls(props.delivery().publicBaseUrl(), access.links(), props.delivery().signedUrlTtl(), clock);
    }

    @Bean
    DeliveryResponses deliveryResponses(BlobStore blobs, HotRenditions hot, Clock clock, MeterRegistry registry) {
        return new DeliveryResponses(blobs, hot, clock, registry);
    }
}
