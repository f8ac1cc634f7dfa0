package dev.pixflow.app.delivery;

import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.PixflowProperties;
import dev.pixflow.app.config.Role;
import dev.pixflow.core.delivery.DeliveryAccess;
import dev.pixflow.core.delivery.DeliverySigner;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.Telemetry;
import dev.pixflow.core.usecase.DeliverImage;
import dev.pixflow.core.usecase.ImageChanges;
import dev.pixflow.core.usecase.LiveImages;
import dev.pixflow.core.usecase.RenderGate;
import dev.pixflow.core.usecase.RenderVariants;
import dev.pixflow.core.usecase.RenditionSettings;
import dev.pixflow.core.usecase.TransformImage;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.time.Clock;

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
                                  RenderGate gate, RenditionSettings settings, PixflowProperties props, Telemetry telemetry) {
        return new TransformImage(live, records, blobs, renderer, gate, settings, props.delivery().resultCache(), telemetry);
    }

    @Bean
    DeliveryLookups deliveryLookups(DeliverImage deliver, ImageChanges changes, PixflowProperties props) {
        return new DeliveryLookups(deliver, changes, props.delivery().lookupCacheTtl(), props.delivery().lookupCacheImages());
    }

    /** Right after the key and rate-limit filters, so it sees the same caller the controller would. */
    @Bean
    @ConditionalOnRole(Role.DELIVERY)
    FilterRegistrationBean<DeliveryFastPath> deliveryFastPath(DeliveryLookups lookups, DeliveryResponses responses) {
        FilterRegistrationBean<DeliveryFastPath> registration = new FilterRegistrationBean<>(new DeliveryFastPath(lookups, responses));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 12);
        registration.addUrlPatterns("/i/*");
        return registration;
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
    DeliveryResponses deliveryResponses(BlobStore blobs, HotRenditions hot, MeterRegistry registry) {
        return new DeliveryResponses(blobs, hot, registry);
    }
}
