package dev.pixflow.app.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.f4b6a3.uuid.UuidCreator;
import dev.pixflow.app.security.ForbiddenException;
import dev.pixflow.app.web.JsonFields;
import dev.pixflow.app.web.RequestBodies;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.EventType;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.PersonText;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.Webhook;
import dev.pixflow.core.domain.WebhookDelivery;
import dev.pixflow.core.domain.WebhookSecret;
import dev.pixflow.core.port.WebhookStore;
import dev.pixflow.core.usecase.DispatchWebhooks;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /v1/admin/webhooks}: receivers of image events, for operators (admin keys only). The secret is
 * shown once, in the answer that makes the hook; a lost one means a new hook.
 */
@RestController
public class WebhooksController {
    static final int MAX_DESCRIPTION = 500;
    static final int MAX_DELIVERIES_LISTED = 1000;

    private final WebhookStore store;
    private final WebhookUrlPolicy urls;
    private final HttpWebhookSender sender;
    private final Clock clock;
    /** This process's dispatcher, when it has the worker role and webhooks are enabled. */
    private final ObjectProvider<WebhookDispatcher> dispatcher;

    public WebhooksController(WebhookStore store, WebhookUrlPolicy urls, HttpWebhookSender sender, Clock clock,
                              ObjectProvider<WebhookDispatcher> dispatcher) {
        this.store = store;
        this.urls = urls;
        this.sender = sender;
        this.clock = clock;
        this.dispatcher = dispatcher;
    }

    public record WebhookJson(String id, String url, List<String> events, @Schema(types = {"string", "null"}) String description, Instant createdAt) {
        static WebhookJson of(Webhook h) {
            List<String> events = h.events().isEmpty() ? List.of()
                    : h.events().stream().map(EventType::wireName).sorted().toList();
            return new WebhookJson(h.id(), h.url().toString(), events, h.description().orElse(null), h.createdAt());
        }
    }

    public record CreatedJson(String id, String url, List<String> events, @Schema(types = {"string", "null"}) String description, Instant createdAt,
                              String secret) {
    }

    public record WebhooksJson(List<WebhookJson> items) {
    }

    public record DeliveryJson(long id, String eventId, String type, long sequence, String state, int attempts,
                               @Schema(types = {"integer", "null"}) Integer lastStatus, @Schema(types = {"string", "null"}) String lastError,
                               @Schema(types = {"string", "null"}, format = "date-time") Instant nextAttemptAt, @Schema(types = {"string", "null"}, format = "date-time") Instant deliveredAt,
                               Instant createdAt) {
        static DeliveryJson of(WebhookDelivery d) {
            return new DeliveryJson(d.id(), d.eventId().toString(), d.eventType().wireName(), d.eventSequence(),
                    d.state().id(), d.attempts(), d.lastStatus().isPresent() ? d.lastStatus().getAsInt() : null,
                    d.lastError().orElse(null), d.nextAttemptAt().orElse(null), d.deliveredAt().orElse(null), d.createdAt());
        }
    }

    public record DeliveriesJson(List<DeliveryJson> items) {
    }

    public record TestedJson(boolean delivered, @Schema(types = {"integer", "null"}) Integer status, @Schema(types = {"string", "null"}) String error) {
    }

    /** {@code {"url": "https://...", "events": ["image.stored", ...], "description": "..."}}; no events: all of them. */
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping(path = "/v1/admin/webhooks", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CreatedJson> create(Caller caller, @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(implementation = RequestBodies.CreateWebhookBody.class))) @RequestBody JsonNode body) {
        requireAdmin(caller);
        JsonFields.object(body, RequestBodies.fields(RequestBodies.CreateWebhookBody.class),
                "send {\"url\": \"https://...\", \"events\": [...], \"description\": \"...\"}");
        JsonNode url = body.get("url");
        if (url == null || url.isNull()) {
            throw new InvalidInputException("url", "a webhook needs a url");
        }
        if (!url.isTextual()) {
            throw new InvalidInputException("url", "must be a string: the http or https URL to send to");
        }
        Set<EventType> events = events(body.get("events"));
        Optional<String> description = description(body.get("description"));
        URI target = urls.parse(url.asText());
        Webhook hook = new Webhook(UuidCreator.getTimeOrderedEpoch().toString(), target, WebhookSecret.generate(), events,
                description, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        store.create(hook);
        dispatcher.ifAvailable(WebhookDispatcher::hookCreated);
        WebhookJson shown = WebhookJson.of(hook);
        // The secret is shown here only: no cache along the way may keep it.
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/v1/admin/webhooks/" + hook.id()))
                .cacheControl(CacheControl.noStore()).body(new CreatedJson(shown.id(), shown.url(), shown.events(), shown.description(), shown.createdAt(),
                        hook.secret().value()));
    }

    @GetMapping("/v1/admin/webhooks")
    public WebhooksJson list(Caller caller) {
        requireAdmin(caller);
        return new WebhooksJson(store.hooks().stream().map(WebhookJson::of).toList());
    }

    @GetMapping("/v1/admin/webhooks/{id}")
    public WebhookJson get(Caller caller, @PathVariable String id) {
        requireAdmin(caller);
        return WebhookJson.of(find(id));
    }

    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/v1/admin/webhooks/{id}")
    public ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
        requireAdmin(caller);
        if (!store.delete(id)) {
            throw new NotFoundException("no webhook " + id);
        }
        return ResponseEntity.noContent().build();
    }

    /** The hook's delivery log, newest first. */
    @GetMapping("/v1/admin/webhooks/{id}/deliveries")
    public DeliveriesJson deliveries(Caller caller, @PathVariable String id, @Parameter(description = "deliveries listed",
            schema = @Schema(type = "integer", minimum = "1", maximum = "" + MAX_DELIVERIES_LISTED, defaultValue = "100"))
                                     @RequestParam(defaultValue = "100") int limit) {
        requireAdmin(caller);
        if (limit < 1 || limit > MAX_DELIVERIES_LISTED) {
            throw new InvalidInputException("limit", "must be in 1.." + MAX_DELIVERIES_LISTED);
        }
        find(id);
        return new DeliveriesJson(store.deliveries(id, limit).stream().map(DeliveryJson::of).toList());
    }

    /**
     * Sends a signed {@code webhook.test} message now, outside the event log and the delivery log, and
     * tells what the receiver answered: 200 whatever it was, since the API call itself went well.
     */
    @PostMapping("/v1/admin/webhooks/{id}/test")
    public TestedJson test(Caller caller, @PathVariable String id) {
        requireAdmin(caller);
        Webhook hook = find(id);
        try {
            int status = sender.sendTest(hook);
            return new TestedJson(status >= 200 && status < 300, status, null);
        } catch (Exception e) {
            return new TestedJson(false, null, DispatchWebhooks.failure(e));
        }
    }

    private Webhook find(String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("no webhook " + id));
    }

    private static Set<EventType> events(JsonNode events) {
        if (events == null || events.isNull()) {
            return Set.of();
        }
        if (!events.isArray()) {
            throw new InvalidInputException("events", "a list of event types, such as [\"image.stored\"]");
        }
        Set<EventType> types = new LinkedHashSet<>();
        for (JsonNode e : events) {
            try {
                types.add(EventType.fromWireName(e.isTextual() ? e.asText() : ""));
            } catch (IllegalArgumentException unknown) {
                throw new InvalidInputException("events", "unknown event type " + e + "; known: " + known());
            }
        }
        return types;
    }

    private static List<String> known() {
        List<String> names = new ArrayList<>();
        for (EventType t : EventType.values()) {
            names.add(t.wireName());
        }
        return names;
    }

    private static Optional<String> description(JsonNode d) {
        if (d == null || d.isNull()) {
            return Optional.empty();
        }
        if (!d.isTextual() || d.asText().codePointCount(0, d.asText().length()) > MAX_DESCRIPTION) {
            throw new InvalidInputException("description", "text of at most " + MAX_DESCRIPTION + " characters");
        }
        PersonText.requireReadable("description", d.asText(), false);
        return Optional.of(d.asText().strip()).filter(s -> !s.isEmpty());
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.admin()) {
            throw new ForbiddenException("this endpoint needs an admin key");
        }
    }
}
