package dev.pixflow.app.security;

import dev.pixflow.core.port.ApiKeyStore;
import dev.pixflow.core.usecase.ApiKeys;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import jakarta.servlet.MultipartConfigElement;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * API keys and the identity provider's tokens, the filter that checks them, the open-mode guard, and
 * the controllers' caller arguments.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SecurityProperties.class, OidcProperties.class})
public class SecurityWiring implements WebMvcConfigurer {

    @Bean
    ApiKeys apiKeys(ApiKeyStore store, Clock clock) {
        return new ApiKeys(store, clock);
    }

    @Bean
    OpenModeGuard openModeGuard(ApiKeys keys, SecurityProperties props, OidcProperties oidc, Environment env) {
        return new OpenModeGuard(keys, props, oidc, env);
    }

    /** First of all filters: nothing reads a body or renders for a request that is refused. */
    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeys keys, OidcProperties oidc, SecurityProperties security, Clock clock,
                                                      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        Optional<IdentityTokens> tokens = oidc.enabled() ? Optional.of(new IdentityTokens(oidc, clock)) : Optional.empty();
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(
                new ApiKeyFilter(keys, tokens, problems, security.open()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    RateLimits rateLimits(SecurityProperties props, ObjectProvider<ProxyManager<String>> rateLimitBuckets) {
        return new RateLimits(props.limits(), Optional.ofNullable(rateLimitBuckets.getIfAvailable()));
    }

    /** Right after the key filter: a flood is refused before its body is read. */
    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimits limits, ObjectProvider<MultipartConfigElement> forms,
                                                            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        long maxFormBytes = Math.max(0, forms.getIfAvailable(() -> new MultipartConfigElement("")).getMaxRequestSize());
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
                new RateLimitFilter(limits, problems, maxFormBytes));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
        return registration;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArguments());
    }
}
