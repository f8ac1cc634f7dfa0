package dev.pixflow.app.aot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixflow.core.delivery.DeliverySigner;
import dev.pixflow.core.delivery.TransformUrl;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.recipe.Recipe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a server does most, asked of it over HTTP by a few clients at once for a given time: uploads,
 * each waited for until its variants are made, the variants and the record read back, and
 * transformation URLs rendered on the fly. The JVM's ahead-of-time cache learns from it which classes a
 * server loads and which methods are hot.
 */
public final class TrainingWorkload {
    /** What the workload did; a failure is an answer other than the one a working server gives. */
    public record Summary(int uploads, int ready, int deliveries, int transforms, int failures) {
    }

    private static final int CLIENTS = 4;
    private static final List<String> VARIANTS = List.of("thumb", "medium", "large");
    private static final List<Recipe> RECIPES = List.of(Recipe.parse("w:512,q:80,f:webp"),
            Recipe.parse("w:320,h:320,fit:cover,g:smart"), Recipe.parse("w:640,f:png"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_WITHIN = Duration.ofMinutes(2);

    private final URI base;
    private final DeliverySigner signer;
    /** No request of a working server takes this long: a hung one fails the training instead of holding it. */
    private static final Duration REQUEST_WITHIN = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(REQUEST_WITHIN).build();
    private final AtomicInteger uploads = new AtomicInteger();
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger deliveries = new AtomicInteger();
    private final AtomicInteger transforms = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();

    public TrainingWorkload(URI base, DeliverySigner signer) {
        this.base = base;
        this.signer = signer;
    }

    /** Runs the clients until {@code length} has passed (each finishes the image it is on). */
    Summary run(Duration length, List<TrainingImages.Image> images) throws Exception {
        long until = System.nanoTime() + length.toNanos();
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int first = c;
                running.add(clients.submit(() -> {
                    for (int i = first; i == first || System.nanoTime() < until; i++) {
                        oneImage(images.get(i % images.size()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        return new Summary(uploads.get(), ready.get(), deliveries.get(), transforms.get(), failures.get());
    }

    private void oneImage(TrainingImages.Image image) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(base.resolve("/v1/images?allowDuplicate=true")).timeout(REQUEST_WITHIN)
                .header("Content-Type", image.mediaType()).POST(HttpRequest.BodyPublishers.ofByteArray(image.bytes()))
                .build(), HttpResponse.BodyHandlers.ofString());
        uploads.incrementAndGet();
        if (created.statusCode() != 201) {
            failures.incrementAndGet();
            return;
        }
        ImageId stored = new ImageId(JSON.readTree(created.body()).path("id").asText());
        if (!awaitReady(stored)) {
            failures.incrementAndGet();
            return;
        }
        ready.incrementAndGet();
        for (String variant : VARIANTS) {
            count(get("/i/" + stored.value() + "/" + variant), deliveries);
        }
        for (Recipe recipe : RECIPES) {
            count(get(TransformUrl.signed(signer, TransformUrl.path(stored, recipe, OptionalLong.empty()))), transforms);
        }
    }

    private boolean awaitReady(ImageId id) throws Exception {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode record = JSON.readTree(http.send(HttpRequest.newBuilder(base.resolve("/v1/images/" + id.value()))
                    .timeout(REQUEST_WITHIN).build(), HttpResponse.BodyHandlers.ofString()).body());
            if (!record.hasNonNull("status")) {
                return false;
            }
            switch (ImageStatus.fromId(record.get("status").asText())) {
                case READY -> {
                    return true;
                }
                case FAILED -> {
                    return false;
                }
                case PROCESSING -> Thread.sleep(10);
            }
        }
        return false;
    }

    private int get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_WITHIN).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void count(int status, AtomicInteger done) {
        (status == 200 ? done : failures).incrementAndGet();
    }
}
