package dev.pixflow.app.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Every time in an answer to the millisecond, as the catalogue keeps them: times taken from the clock
 * (a presigned URL's expiry, a dead letter's death) otherwise came out to the nanosecond beside
 * stored ones that never do.
 */
@Configuration(proxyBeanMethods = false)
public class JsonTimestamps {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer millisecondInstants() {
        return builder -> builder.serializerByType(Instant.class, new StdSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant value, JsonGenerator json, SerializerProvider provider) throws IOException {
                json.writeString(value.truncatedTo(ChronoUnit.MILLIS).toString());
            }
        });
    }
}
