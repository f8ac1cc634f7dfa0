package dev.pixflow.app.aot;

import dev.pixflow.core.delivery.DeliverySigner;
import dev.pixflow.core.delivery.SigningKey;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code pixflow train [--seconds=N] [settings]}: the training run of the JVM's ahead-of-time cache
 * (ARCHITECTURE.md, Start-up). It starts the whole server on a loopback port over a data directory of
 * its own, drives the work a server does through its own HTTP API for a while ({@link TrainingWorkload}),
 * then stops; the JVM, started with {@code -XX:AOTCacheOutput}, writes the classes it loaded and the
 * profiles it gathered to the cache as it exits. Settings (such as {@code --pixflow.engine.font-dir}) pass
 * to the server; the training's own data directory (under the working directory), address, port and
 * delivery key are fixed here, and the caller's values for those are dropped.
 */
public final class TrainingCommand {
    static final Duration DEFAULT_LENGTH = Duration.ofSeconds(20);
    /** The training's own settings: given again, Spring would join the two values, so the caller's are dropped. */
    private static final List<String> FIXED = List.of("server.port", "server.address", "pixflow.data-dir",
            "pixflow.delivery.keys", "pixflow.delivery.salts");

    private TrainingCommand() {
    }

    /**
     * Runs the training on {@code application}; the exit status: 0 when every request of the workload
     * succeeded. {@code --seconds=N} sets how long the workload runs (each client does one image at least).
     */
    public static int run(Class<?> application, String[] args) {
        Duration length = DEFAULT_LENGTH;
        List<String> settings = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--seconds=")) {
                length = Duration.ofSeconds(Long.parseLong(arg.substring("--seconds=".length())));
            } else if (FIXED.stream().noneMatch(fixed -> arg.startsWith("--" + fixed + "="))) {
                settings.add(arg);
            }
        }
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        byte[] salt = new byte[16];
        random.nextBytes(key);
        random.nextBytes(salt);
        Path data;
        try {
            // In the working directory, which `./pixflow` removes with the rest of a failed training.
            data = Files.createTempDirectory(Path.of("").toAbsolutePath(), "training-data-");
        } catch (IOException e) {
            System.err.println("pixflow train: cannot make a data directory: " + e.getMessage());
            return 1;
        }
        settings.addAll(List.of("--server.port=0", "--server.address=127.0.0.1", "--pixflow.data-dir=" + data,
                "--pixflow.delivery.keys=" + HexFormat.of().formatHex(key), "--pixflow.delivery.salts=" + HexFormat.of().formatHex(salt)));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .run(settings.toArray(String[]::new))) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            TrainingWorkload workload = new TrainingWorkload(URI.create("http://127.0.0.1:" + port),
                    new DeliverySigner(List.of(new SigningKey(key, salt)), Clock.systemUTC()));
            TrainingWorkload.Summary summary = workload.run(length, TrainingImages.all());
            System.err.println("pixflow train: " + summary);
            return summary.failures() == 0 && summary.ready() > 0 ? 0 : 1;
        } catch (Exception e) {
            System.err.println("pixflow train: " + e);
            return 1;
        } finally {
            deleteTree(data);
        }
    }

    private static void deleteTree(Path dir) {
        try {
            FileSystemUtils.deleteRecursively(dir);
        } catch (IOException e) {
            System.err.println("pixflow train: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
