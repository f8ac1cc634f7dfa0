package dev.pixflow.adapter.queue.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.recipe.Variant;

import java.util.List;

/**
 * A job as an SQS message body: ids and recipes (their canonical text), never image bytes. The id is
 * the job's identity across redeliveries and the dead-letter queue; SQS's own message ids change when
 * a job is redriven.
 */
record JobMessage(long id, String image, List<String> variants, List<Rendition> renditions) {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Rendition(String name, String recipe) {
    }

    static JobMessage of(long id, JobSpec spec) {
        return new JobMessage(id, spec.imageId().value(), spec.variants(),
                spec.renditions().stream().map(v -> new Rendition(v.name(), v.canonical())).toList());
    }

    JobSpec spec() {
        return new JobSpec(new ImageId(image), variants == null ? List.of() : variants,
                renditions == null ? List.of()
                        : renditions.stream().map(r -> new Variant(r.name(), Recipe.parse(r.recipe()))).toList());
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalArgumentException when the body is not a Pixflow job */
    static JobMessage parse(String body) {
        try {
            JobMessage m = JSON.readValue(body, JobMessage.class);
            if (m.image() == null) {
                throw new IllegalArgumentException("no image id");
            }
            m.spec();
            return m;
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a Pixflow job: " + e.getMessage(), e);
        }
    }
}
