package dev.pixflow.app.web;

import dev.pixflow.app.config.PixflowProperties;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;
import org.springframework.web.servlet.DispatcherServlet;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the servlet container takes a request before any handler does: its refusals are problems, an
 * upload too large is refused before its body is asked for, and a form upload is bounded as a whole.
 */
@Configuration(proxyBeanMethods = false)
public class ContainerSettings {
    /** Room in a form upload for its fields and framing beside the file (the fields' limits add up to far less). */
    static final long FORM_OVERHEAD_BYTES = 1024 * 1024;

    /** {@link ProblemReportValve} in place of the host's HTML one: Spring Boot's, and the one Tomcat adds by class name. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReports() {
        return factory -> factory.addContextCustomizers(context -> {
            Container parent = context.getParent();
            if (parent instanceof StandardHost host) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
                host.getPipeline().addValve(new ProblemReportValve());
            }
        });
    }

    /**
     * A client that sends {@code Expect: 100-continue} waits to be asked for the body. Tomcat asks at
     * once by default, so an upload refused on its declared length (413) had its body invited first;
     * asked for only when a handler reads it, the refusal comes in its place.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> continueOnRead() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                http.setContinueResponseTiming("onRead");
            }
        });
    }

    /**
     * Only a POSTed form is one: a part PUT with a form's Content-Type (which says nothing of a part) is
     * still its bytes, where Spring would parse any request of that type as a form and leave the part
     * nothing to read.
     */
    @Bean(DispatcherServlet.MULTIPART_RESOLVER_BEAN_NAME)
    MultipartResolver multipartResolver() {
        return new StandardServletMultipartResolver() {
            @Override
            public boolean isMultipart(HttpServletRequest request) {
                return "POST".equals(request.getMethod()) && super.isMultipart(request);
            }
        };
    }

    /**
     * A form upload's file is held to {@code pixflow.upload.max-bytes}, and the whole request to that and
     * a little room for its fields: a declared length over it is refused before a byte of it is read.
     * Parts go to the blob store's temporary directory, never memory.
     */
    @Bean
    MultipartConfigElement multipartConfig(PixflowProperties props) throws java.io.IOException {
        long maxBytes = props.upload().maxBytes().toBytes();
        Path spool = Files.createDirectories(props.dataDir().resolve("blobs").resolve("tmp"));
        // Absolute: Tomcat would take a relative location as under its own temporary directory.
        return new MultipartConfigElement(spool.toAbsolutePath().toString(), maxBytes, maxBytes + FORM_OVERHEAD_BYTES, 0);
    }
}
