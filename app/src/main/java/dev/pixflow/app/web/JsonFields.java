package dev.pixflow.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.media.InvalidInputException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Reading a request's JSON object field by field, with a 400 that names the field it cannot take. */
public final class JsonFields {
    private JsonFields() {
    }

    /** The body as an object whose fields are all {@code known}; {@code expected} says what it should be. */
    public static JsonNode object(JsonNode body, Set<String> known, String expected) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("body", expected);
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw new InvalidInputException(field, "unknown; known: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return body;
    }

    /** A string field; null when absent or null. */
    public static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidInputException(field, "must be a string");
        }
        return v.asText();
    }

    /** Tags as an array of strings or one comma-separated string; empty when absent or null. */
    public static List<String> tags(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (v.isTextual()) {
            return ImageMetadata.parseTags(v.asText());
        }
        if (!v.isArray()) {
            throw new InvalidInputException(field, "must be an array of strings or a comma-separated string");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode t : v) {
            if (!t.isTextual()) {
                throw new InvalidInputException(field, "must be an array of strings");
            }
            out.add(t.asText());
        }
        return out;
    }
}
