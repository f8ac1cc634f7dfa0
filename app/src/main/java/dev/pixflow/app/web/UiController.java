package dev.pixflow.app.web;

import dev.pixflow.app.multipart.MultipartProperties;
import dev.pixflow.core.usecase.MultipartLimits;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;

/**
 * The web UI's settings (the pages themselves are static resources under {@code static/}). The upload
 * page cuts files into parts before it asks {@code POST /v1/uploads} for an upload id, so it is told
 * the server's part sizes here ({@code pixflow.multipart.*}) and sizes its parts by the server's own
 * rule; {@code pixflow.ui.parallel-parts} requests are in flight at once; the admin page polls every
 * {@code pixflow.ui.admin-poll}.
 */
@RestController
public class UiController {

    public record UiConfig(long partSize, long maxPartSize, int maxParts, int parallelParts, long adminPollMillis) {
    }

    private final UiConfig config;

    public UiController(MultipartProperties multipart,
                        @Value("${pixflow.ui.parallel-parts:4}") int parallelParts,
                        @Value("${pixflow.ui.admin-poll:5s}") Duration adminPoll) {
        this.config = new UiConfig(multipart.partSize().toBytes(), multipart.maxPartSize().toBytes(), MultipartLimits.MAX_PARTS,
                Math.max(1, parallelParts), Math.max(250, adminPoll.toMillis()));
    }

    @GetMapping("/ui/config.json")
    public UiConfig config() {
        return config;
    }
}
