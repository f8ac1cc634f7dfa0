package dev.pixflow.app;

import dev.pixflow.app.analytics.ExportCommand;
import dev.pixflow.app.aot.TrainingCommand;
import dev.pixflow.app.keys.KeysCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PixflowApplication {
    public static void main(String[] args) {
        // One jar: "keys ..." manages API keys without starting the server (which may refuse to start without one).
        if (args.length > 0 && args[0].equals("keys")) {
            System.exit(KeysCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        // "export ..." writes the analytics files once, with the server's settings, without serving.
        if (args.length > 0 && args[0].equals("export")) {
            System.exit(ExportCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        // "train" is the training run of the JVM's ahead-of-time cache (ARCHITECTURE.md, Start-up).
        if (args.length > 0 && args[0].equals("train")) {
            System.exit(TrainingCommand.run(PixflowApplication.class, java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(PixflowApplication.class, args);
    }
}
