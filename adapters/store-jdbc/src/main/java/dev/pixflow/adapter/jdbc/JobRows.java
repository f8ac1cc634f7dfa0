package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.recipe.Recipe;
import dev.pixflow.core.recipe.Variant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A job as a row of the queue table or the outbox: its kind, the image id, the variant names joined by
 * commas, the asked-for renditions one "name recipe" a line, and its trace context one "name=value" a
 * line.
 */
public final class JobRows {
    /** The columns {@link #spec(ResultSet)} reads. */
    public static final String COLUMNS = "kind, image_id, variants, renditions, trace_context";

    private JobRows() {
    }

    public static JobSpec spec(ResultSet rs) throws SQLException {
        return spec(rs.getString("kind"), rs.getString("image_id"), rs.getString("variants"), rs.getString("renditions"))
                .withTraceContext(parseTraceContext(rs.getString("trace_context")));
    }

    public static String variants(JobSpec job) {
        return String.join(",", job.variants());
    }

    /** One line per rendition: its name, a space, its recipe's canonical text. */
    public static String renditions(JobSpec job) {
        return job.renditions().stream().map(v -> v.name() + " " + v.canonical()).collect(Collectors.joining("\n"));
    }

    /** One line per pair: its name, '=', its value (names never hold '=', values may). */
    public static String traceContext(JobSpec job) {
        return job.traceContext().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted()
                .collect(Collectors.joining("\n"));
    }

    public static JobSpec spec(String kind, String imageId, String variants, String renditions) {
        return new JobSpec(JobSpec.Kind.fromId(kind), new ImageId(imageId),
                variants.isEmpty() ? List.of() : Arrays.asList(variants.split(",")), parseRenditions(renditions));
    }

    private static Map<String, String> parseTraceContext(String lines) {
        if (lines == null || lines.isEmpty()) {
            return Map.of();
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        lines.lines().filter(line -> line.indexOf('=') > 0)
                .forEach(line -> pairs.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        return pairs;
    }

    private static List<Variant> parseRenditions(String lines) {
        if (lines == null || lines.isEmpty()) {
            return List.of();
        }
        return lines.lines().map(line -> {
            int space = line.indexOf(' ');
            return new Variant(line.substring(0, space), Recipe.parse(line.substring(space + 1)));
        }).toList();
    }
}
