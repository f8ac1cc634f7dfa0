package dev.pixflow.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PixflowApplication {
    public static void main(String[] args) {
        SpringApplication.run(PixflowApplication.class, args);
    }
}
