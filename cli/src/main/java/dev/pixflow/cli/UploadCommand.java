package dev.pixflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/** {@code pixflow upload FILE...}: small files in one request, large ones in resumable parallel parts. */
@Command(name = "upload", mixinStandardHelpOptions = true,
        description = {"Uploads images to a Pixflow server, with a progress bar.",
                "Files above the multipart threshold go in parallel parts; if the upload is interrupted, "
                        + "running the same command again resumes it, sending only the parts the server lacks."})
final class UploadCommand implements Callable<Integer> {
    private static final Map<String, String> TYPES = Map.of("jpg", "image/jpeg", "jpeg", "image/jpeg", "png", "image/png",
            "webp", "image/webp", "gif", "image/gif", "tif", "image/tiff", "tiff", "image/tiff", "avif", "image/avif",
            "heic", "image/heic", "heif", "image/heic");
    private static final String DUPLICATE_DIFFERS = "urn:pixflow:problem:duplicate-differs";

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "the images to upload")
    List<Path> files;

    @Option(names = "--server", defaultValue = "${env:PIXFLOW_SERVER:-http://localhost:8080}",
            description = "the server (default: $PIXFLOW_SERVER, else ${DEFAULT-VALUE})")
    String server;

    @Option(names = "--api-key", defaultValue = "${env:PIXFLOW_API_KEY}", paramLabel = "TOKEN",
            description = "the API key, sent as a bearer token (default: $PIXFLOW_API_KEY; none for a server without keys)")
    String apiKey;

    @Option(names = "--visibility", paramLabel = "public|private",
            description = "who may see the images without a key (server default: public)")
    String visibility;

    @Option(names = "--title", description = "title of each image")
    String title;

    @Option(names = "--description", description = "description of each image")
    String description;

    @Option(names = "--tags", split = ",", paramLabel = "TAG", description = "comma-separated tags")
    List<String> tags = new ArrayList<>();

    @Option(names = "--allow-duplicate",
            description = "a new image even when the server holds the same bytes already (a file in parts always makes one)")
    boolean allowDuplicate;

    @Option(names = "--parallel", defaultValue = "4", description = "parts sent at once (default ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--multipart-threshold", defaultValue = "32M", converter = ByteSize.class,
            description = "files larger than this go in parts (default ${DEFAULT-VALUE})")
    long threshold;

    @Option(names = "--limit-rate", defaultValue = "0", converter = ByteSize.class, paramLabel = "BYTES",
            description = "at most this many bytes per second in all, e.g. 512K (default: no limit)")
    long limitRate;

    @Option(names = "--state-dir", description = "where unfinished uploads are remembered (default: $XDG_STATE_HOME/pixflow/uploads)")
    Path stateDir;

    /** This command as the top command made it: a refusal's usage is then headed "pixflow upload". */
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (parallel < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--parallel must be at least 1");
        }
        checkServer();
        // One server however it is written: the resume state is kept by it.
        server = server.replaceAll("/+$", "");
        if (visibility != null && !visibility.equals("public") && !visibility.equals("private")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--visibility is public or private (was: " + visibility + ")");
        }
        // An empty --tags (an unset variable in a script) is no tags, whichever way the file goes.
        tags = tags.stream().map(String::strip).filter(t -> !t.isEmpty()).toList();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PixflowApi api = new PixflowApi(server, apiKey, err);
        PixflowApi.Metadata metadata = new PixflowApi.Metadata(title, description, tags, visibility);
        RateLimit rate = new RateLimit(limitRate);
        MultipartUploader multipart = new MultipartUploader(api, server,
                new ResumeStates(stateDir != null ? stateDir : ResumeStates.defaultDirectory()), parallel, rate, err);
        Thread interrupted = new Thread(() -> {
            Path file = sending;
            if (file != null && sendingInParts && multipart.resumable(file)) {
                err.printf("%n%s: interrupted (run the same command again to resume)%n", file);
            }
        });
        Runtime.getRuntime().addShutdownHook(interrupted);
        int failed = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            sending = file;
            sendingInParts = false;
            try {
                if (Files.isDirectory(file)) {
                    throw new IOException("is a directory (name its images, such as " + file + "/*.jpg)");
                }
                // Opened before anything is asked of the server: an unreadable file starts no upload there,
                // and leaves no state that a run again could only fail to resume.
                Files.newInputStream(file).close();
                long size = Files.size(file);
                String type = contentType(name);
                sendingInParts = size > threshold;
                JsonNode image;
                if (sendingInParts) {
                    image = multipart.upload(file, name, type, metadata);
                } else {
                    image = whole(api, file, name, type, size, metadata, rate);
                    multipart.superseded(file);
                }
                // The server had these bytes of this owner already: the same image, not a new one.
                out.printf("%s -> %s %s%s%n", file, image.get("id").asText(), image.path("url").asText(),
                        image.path("duplicate").asBoolean(false) ? " (already there: the same bytes were uploaded before)" : "");
            } catch (ApiException e) {
                failed++;
                err.printf("%s: refused: %s%s%n", file, e.getMessage(),
                        e.retryable() && sendingInParts && multipart.resumable(file) ? " (run the same command again to resume)"
                                // The server names its query parameter; this command's word for it is the option.
                                : DUPLICATE_DIFFERS.equals(e.type()) ? " (--allow-duplicate makes a new image)"
                                : e.status() == 401 ? (apiKey == null || apiKey.isBlank() ? " (give the key with --api-key or PIXFLOW_API_KEY)"
                                : " (check the key given with --api-key or PIXFLOW_API_KEY)") : "");
                if (e.status() == 404 || e.status() == 413 || e.status() == 415 || e.status() == 422) {
                    forgetQuietly(multipart, file);
                }
            } catch (Exception e) {
                failed++;
                err.printf("%s: failed: %s%s%n", file, Failures.describe(e, server),
                        sendingInParts && multipart.resumable(file) ? " (run the same command again to resume)" : "");
            }
        }
        sending = null;
        Runtime.getRuntime().removeShutdownHook(interrupted);
        return failed == 0 ? 0 : 1;
    }

    /** The file being sent, for the line a Ctrl-C leaves, and whether it goes in parts (only those resume). */
    private volatile Path sending;
    private volatile boolean sendingInParts;

    private void checkServer() {
        URI uri;
        try {
            uri = new URI(server);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--server must be an http or https URL, such as http://localhost:8080 (was: " + server + ")");
        }
    }

    private JsonNode whole(PixflowApi api, Path file, String name, String type, long size, PixflowApi.Metadata m,
                           RateLimit rate) throws Exception {
        try (TransferProgress progress = TransferProgress.start(name, size, 0)) {
            AtomicLong sent = new AtomicLong();
            return api.uploadWhole(name, type, size, () -> progress.counting(rate.wrap(open(file)), sent), m,
                    allowDuplicate);
        }
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void forgetQuietly(MultipartUploader multipart, Path file) {
        try {
            multipart.forget(file);
        } catch (IOException ignored) {
            // Only a leftover state file: the next run finds its upload gone and starts again.
        }
    }

    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
