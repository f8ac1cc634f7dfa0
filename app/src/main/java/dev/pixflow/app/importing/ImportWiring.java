package dev.pixflow.app.importing;

import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.Role;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Import by URL, in processes that take uploads. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(Role.UPLOAD)
@EnableConfigurationProperties(ImportProperties.class)
public class ImportWiring {

    @Bean(destroyMethod = "close")
    UrlFetcher urlFetcher(ImportProperties props) {
        return new UrlFetcher(props);
    }
}
