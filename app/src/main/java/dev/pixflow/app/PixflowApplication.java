package dev.pixflow.app;

import dev.pixflow.app.analytics.ExportCommand;
import dev.pixflow.app.command.ServerCommandLine;
import dev.pixflow.app.aot.TrainingCommand;
import dev.pixflow.app.keys.KeysCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Arrays;
import java.util.Optional;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PixflowApplication {
    /** Exit status of a command line the jar does not take (as sysexits' EX_USAGE). */
    static final int USAGE = 64;

    public static void main(String[] args) {
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (args.length == 0 ? "" : args[0]) {
            // One jar: "keys ..." manages API keys without starting the server (which may refuse to start without one).
            case "keys" -> System.exit(KeysCommand.run(rest));
            // "export ..." writes the analytics files once, with the server's settings, without serving.
            case "export" -> System.exit(ExportCommand.run(rest));
            // "train" is the training run of the JVM's ahead-of-time cache (ARCHITECTURE.md, Start-up).
            case "train" -> System.exit(TrainingCommand.run(PixflowApplication.class, rest));
            default -> {
                if (ServerCommandLine.asksForHelp(args)) {
                    System.out.println(ServerCommandLine.USAGE);
                    System.exit(0);
                }
                Optional<String> refused = ServerCommandLine.refusal(args);
                if (refused.isPresent()) {
                    System.err.println(refused.get());
                    System.exit(USAGE);
                }
                SpringApplication.run(PixflowApplication.class, args);
            }
        }
    }
}
