package dev.pixflow.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.security.ForbiddenException;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.DeadJob;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.QueueStats;
import dev.pixflow.core.port.JobQueue;
import dev.pixflow.core.recipe.Variant;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /v1/admin}: the queue as an operator sees it, the jobs that used up their attempts, and
 * putting them back. In every process, since every process reaches the queue; admin keys only (the
 * filter refuses other keys, and each method checks again).
 */
@RestController
public class AdminController {
    static final int MAX_DEAD_LISTED = 1000;

    private final JobQueue queue;

    public AdminController(JobQueue queue) {
        this.queue = queue;
    }

    public record QueueJson(String name, long depth, long queued, long inFlight, long oldestAgeSeconds, long dead) {
    }

    public record QueuesJson(List<QueueJson> queues) {
    }

    public record DeadJobJson(long id, String imageId, List<String> variants, List<String> renditions, int attempts,
                              String lastError, Instant diedAt) {
        static DeadJobJson of(DeadJob d) {
            return new DeadJobJson(d.id(), d.spec().imageId().value(), d.spec().variants(),
                    d.spec().renditions().stream().map(Variant::name).toList(), d.attempts(), d.lastError(), d.diedAt());
        }
    }

    public record DeadLettersJson(List<DeadJobJson> items) {
    }

    public record RedrivenJson(int redriven) {
    }

    /** One queue today (the render jobs); a list so a second one does not change the answer's shape. */
    @GetMapping("/v1/admin/queues")
    public QueuesJson queues(Caller caller) {
        requireAdmin(caller);
        QueueStats s = queue.stats();
        return new QueuesJson(List.of(new QueueJson("jobs", s.depth(), s.queued(), s.inFlight(),
                s.oldestQueuedAge().toSeconds(), s.dead())));
    }

    @GetMapping("/v1/admin/dead-letters")
    public DeadLettersJson deadLetters(Caller caller, @Parameter(description = "dead jobs listed", schema = @Schema(type = "integer",
            minimum = "1", maximum = "" + MAX_DEAD_LISTED, defaultValue = "100")) @RequestParam(defaultValue = "100") int limit) {
        requireAdmin(caller);
        if (limit < 1 || limit > MAX_DEAD_LISTED) {
            throw new InvalidInputException("limit", "must be in 1.." + MAX_DEAD_LISTED);
        }
        return new DeadLettersJson(queue.deadJobs(limit).stream().map(DeadJobJson::of).toList());
    }

    /** {@code {"ids": [...]}} puts those dead jobs back, {@code {"all": true}} every one; with fresh attempts. */
    @PostMapping(path = "/v1/admin/dlq/redrive", consumes = MediaType.APPLICATION_JSON_VALUE)
    public RedrivenJson redrive(Caller caller, @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = RequestBodies.DeadJobsBody.class))) @RequestBody JsonNode body) {
        requireAdmin(caller);
        return new RedrivenJson(queue.redrive(deadJobs(body)));
    }

    /**
     * {@code {"ids": [...]}} drops those dead jobs for good, {@code {"all": true}} every one: a job that
     * can never succeed (its image deleted, a watermark gone) would otherwise keep the dead-letter alarm up.
     */
    @PostMapping(path = "/v1/admin/dlq/discard", consumes = MediaType.APPLICATION_JSON_VALUE)
    public DiscardedJson discard(Caller caller, @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = RequestBodies.DeadJobsBody.class))) @RequestBody JsonNode body) {
        requireAdmin(caller);
        return new DiscardedJson(queue.discard(deadJobs(body)));
    }

    public record DiscardedJson(int discarded) {
    }

    /** The dead jobs a body names: its ids, or none for {@code all}, as the queue's port takes them. */
    private static List<Long> deadJobs(JsonNode body) {
        JsonFields.object(body, RequestBodies.fields(RequestBodies.DeadJobsBody.class), "send {\"ids\": [job ids]} or {\"all\": true}");
        JsonNode allField = body.get("all");
        if (allField != null && !allField.isBoolean()) {
            throw new InvalidInputException("all", "must be true or false");
        }
        boolean all = allField != null && allField.booleanValue();
        JsonNode ids = body.get("ids");
        if (all == (ids != null)) {
            throw new InvalidInputException("ids", "send {\"ids\": [job ids]} or {\"all\": true}");
        }
        if (all) {
            return List.of();
        }
        if (!ids.isArray() || ids.isEmpty()) {
            throw new InvalidInputException("ids", "a non-empty array of job ids");
        }
        List<Long> chosen = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.canConvertToLong() || !id.isIntegralNumber()) {
                throw new InvalidInputException("ids", "job ids are whole numbers");
            }
            chosen.add(id.asLong());
        }
        return chosen;
    }

    static void requireAdmin(Caller caller) {
        if (!caller.admin()) {
            throw new ForbiddenException("this endpoint needs an admin key");
        }
    }
}
