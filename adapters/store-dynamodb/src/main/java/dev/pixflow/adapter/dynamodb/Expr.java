package dev.pixflow.adapter.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.Map;

/**
 * The names and values of one request's expressions, as placeholders: every attribute name goes
 * through {@link #name} (so map keys such as variant names and reserved words need no care) and every
 * value through {@link #value}.
 */
final class Expr {
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, String> byName = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();

    /** {@code #n} for one attribute name (or map key); dotted paths are written as {@code name(a) + "." + name(b)}. */
    String name(String attribute) {
        return byName.computeIfAbsent(attribute, a -> {
            String placeholder = "#n" + names.size();
            names.put(placeholder, a);
            return placeholder;
        });
    }

    /** {@code #a.#b}: a key inside a map attribute. */
    String path(String attribute, String key) {
        return name(attribute) + "." + name(key);
    }

    String value(AttributeValue v) {
        String placeholder = ":v" + values.size();
        values.put(placeholder, v);
        return placeholder;
    }

    Map<String, String> names() {
        return names.isEmpty() ? null : names;
    }

    Map<String, AttributeValue> values() {
        return values.isEmpty() ? null : values;
    }
}
