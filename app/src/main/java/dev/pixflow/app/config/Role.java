package dev.pixflow.app.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one process does ({@code pixflow.roles}, default all). The API tiers and the render fleet
 * scale separately by running the same jar with different roles; health and metrics are served by
 * every process whatever its roles.
 */
public enum Role {
    /** {@code /v1/images}: synchronous uploads, the catalogue (read, edit, delete, list), renditions asked for. */
    UPLOAD,
    /** {@code /v1/uploads}: large and resumable uploads in parts. */
    MULTIPART,
    /** {@code /i/...}: the bytes, for browsers and a CDN; renders a missing variant on the request. */
    DELIVERY,
    /** Takes jobs from the queue and renders them; sends webhooks ({@code pixflow.webhooks.*}). */
    WORKER,
    /**
     * Reads images from a Kafka topic ({@code pixflow.ingest.kafka.*}). In the default set, but idle
     * unless both a topic and bootstrap servers are configured.
     */
    INGEST;

    public static final String PROPERTY = "pixflow.roles";
    public static final String ALL = "upload,multipart,delivery,worker,ingest";

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a comma-separated list; an unknown name is an error, not a silently idle process. */
    public static Set<Role> parse(String csv) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String part : csv.split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            roles.add(Arrays.stream(values()).filter(r -> r.id().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown role '" + part.strip() + "' in " + PROPERTY
                            + "; known: " + ALL)));
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException(PROPERTY + " names no role; known: " + ALL);
        }
        return roles;
    }

    public static String describe(Set<Role> roles) {
        return roles.stream().map(Role::id).collect(Collectors.joining(","));
    }
}
