package dev.pixflow.core.domain;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.recipe.Variant;

import java.util.List;
import java.util.Map;

/**
 * A unit of work for a worker, ids and recipes only, never image bytes. A {@link Kind#RENDER} job
 * renders {@code variants} (configured variants, by name: their recipes are the configuration's) and
 * {@code renditions} (asked-for renditions, with their recipes); a {@link Kind#DESCRIBE} job writes
 * the image's alt text and names nothing to render.
 *
 * <p>{@code traceContext} is what the work that queued the job hands to the worker that runs it, as
 * opaque text pairs (a W3C trace context: {@code traceparent}, {@code tracestate}), so the worker's
 * spans continue the request's trace. The core never reads it; the queues carry it; empty when none.
 */
public record JobSpec(Kind kind, ImageId imageId, List<String> variants, List<Variant> renditions,
                      Map<String, String> traceContext) {

    public enum Kind {
        RENDER, DESCRIBE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind fromId(String id) {
            return valueOf(id.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public JobSpec {
        variants = List.copyOf(variants);
        renditions = renditions == null ? List.of() : List.copyOf(renditions);
        traceContext = traceContext == null ? Map.of() : Map.copyOf(traceContext);
        if (kind == Kind.DESCRIBE && !(variants.isEmpty() && renditions.isEmpty())) {
            throw new IllegalArgumentException("a describe job renders nothing");
        }
    }

    public JobSpec(Kind kind, ImageId imageId, List<String> variants, List<Variant> renditions) {
        this(kind, imageId, variants, renditions, Map.of());
    }

    /** A render job. */
    public JobSpec(ImageId imageId, List<String> variants, List<Variant> renditions) {
        this(Kind.RENDER, imageId, variants, renditions);
    }

    /** A render job of configured variants. */
    public JobSpec(ImageId imageId, List<String> variants) {
        this(Kind.RENDER, imageId, variants, List.of());
    }

    public static JobSpec describe(ImageId imageId) {
        return new JobSpec(Kind.DESCRIBE, imageId, List.of(), List.of());
    }

    /** The same job, carrying {@code context} to its worker. */
    public JobSpec withTraceContext(Map<String, String> context) {
        return new JobSpec(kind, imageId, variants, renditions, context);
    }

    public boolean isDescribe() {
        return kind == Kind.DESCRIBE;
    }
}
