package dev.pixflow.app.config;

import dev.pixflow.adapter.alttext.ChatCompletionsDescriber;
import dev.pixflow.adapter.alttext.ChatCompletionsSettings;
import dev.pixflow.core.port.BlobStore;
import dev.pixflow.core.port.ImageEngine;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.port.Telemetry;
import dev.pixflow.core.usecase.DescribeImage;
import dev.pixflow.core.usecase.RenditionSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.Optional;

/** Alt text by a vision model, when {@code pixflow.alt-text.url} names one; the workers run its jobs. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "pixflow.alt-text.url")
public class AltTextWiring {

    @Bean
    ChatCompletionsDescriber imageDescriber(AltTextProperties props) {
        return new ChatCompletionsDescriber(new ChatCompletionsSettings(props.url(), props.model(),
                Optional.ofNullable(props.apiKey()), props.prompt(), props.maxTokens(), props.timeout()));
    }

    @Bean
    DescribeImage describeImage(ImageRecords records, BlobStore blobs, ImageEngine engine,
                                ChatCompletionsDescriber describer, RenditionSettings settings, Clock clock,
                                Telemetry telemetry) {
        return new DescribeImage(records, blobs, engine, describer, settings, clock, telemetry);
    }
}
