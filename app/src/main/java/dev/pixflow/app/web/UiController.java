package dev.pixflow.app.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web UI's settings (the pages themselves are static resources under {@code static/}): files up
 * to {@code pixflow.ui.multipart-threshold} go in one {@code POST /v1/images}, larger ones through
 * {@code /v1/uploads} with {@code pixflow.ui.parallel-parts} parts in flight; the admin page polls
 * every {@code pixflow.ui.admin-poll}.
 */
@RestController
public class UiController {

    public record UiConfig(long multipartThreshold, int parallelParts, long adminPollMillis) {
    }

    private final UiConfig config;

    public UiController(@Value("${pixflow.ui.multipart-threshold:32MB}") DataSize threshold,
                        @Value("${pixflow.ui.parallel-parts:4}") int parallelParts,
                        @Value("${pixflow.ui.admin-poll:5s}") Duration adminPoll) {
        this.config = new UiConfig(threshold.toBytes(), Math.max(1, parallelParts), Math.max(250, adminPoll.toMillis()));
    }

    @GetMapping("/ui/config.json")
    public UiConfig config() {
        return config;
    }
}
