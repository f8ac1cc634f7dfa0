package dev.pixflow.adapter.postgres;

import dev.pixflow.core.domain.ImageId;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.recipe.Variant;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A job as an outbox row: variant names joined by commas, asked-for renditions one "name recipe" a line. */
final class JobRows {
    private JobRows() {
    }

    /** Inserts within the caller's transaction; the row's id, which is the job's id until it reaches the queue. */
    static long insert(PostgresDatabase db, JobSpec job, Instant at) {
        Long id = db.jdbc().queryForObject("""
                INSERT INTO outbox (image_id, variants, renditions, created_at) VALUES (?, ?, ?, ?) RETURNING id""",
                Long.class, job.imageId().value(), String.join(",", job.variants()), renditions(job.renditions()),
                at.toEpochMilli());
        return id == null ? 0 : id;
    }

    static JobSpec spec(String imageId, String variants, String renditions) {
        return new JobSpec(new ImageId(imageId), variants.isEmpty() ? List.of() : Arrays.asList(variants.split(",")),
                renditions(renditions));
    }

    private static String renditions(List<Variant> renditions) {
        return renditions.stream().map(v -> v.name() + " " + v.canonical()).collect(Collectors.joining("\n"));
    }

    private static List<Variant> renditions(String lines) {
        if (lines == null || lines.isEmpty()) {
            return List.of();
        }
        return lines.lines().map(line -> {
            int space = line.indexOf(' ');
            return new Variant(line.substring(0, space), Recipe.parse(line.substring(space + 1)));
        }).toList();
    }
}
