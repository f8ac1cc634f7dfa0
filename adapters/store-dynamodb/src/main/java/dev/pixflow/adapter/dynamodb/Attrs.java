package dev.pixflow.adapter.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Attribute values in and out: the few shapes the catalogue's items use. */
final class Attrs {
    /** Width of a time or a sequence in a sort key, so that text order is number order. */
    private static final String PADDED = "%019d";

    private Attrs() {
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static AttributeValue n(double v) {
        return AttributeValue.fromN(Double.toString(v));
    }

    static AttributeValue bool(boolean v) {
        return AttributeValue.fromBool(v);
    }

    static AttributeValue list(List<String> values) {
        return AttributeValue.fromL(values.stream().map(Attrs::s).toList());
    }

    static AttributeValue map(Map<String, AttributeValue> values) {
        return AttributeValue.fromM(values);
    }

    static AttributeValue millis(Instant at) {
        return n(at.toEpochMilli());
    }

    /** A number as sort-key text: fixed width, so that it sorts as the number does. */
    static String padded(long v) {
        return PADDED.formatted(v);
    }

    static Optional<AttributeValue> get(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || Boolean.TRUE.equals(v.nul()) ? Optional.empty() : Optional.of(v);
    }

    static String str(Map<String, AttributeValue> item, String name) {
        return get(item, name).map(AttributeValue::s).orElse(null);
    }

    static Optional<String> optStr(Map<String, AttributeValue> item, String name) {
        return get(item, name).map(AttributeValue::s);
    }

    static long num(Map<String, AttributeValue> item, String name) {
        return optNum(item, name).orElse(0L);
    }

    static Optional<Long> optNum(Map<String, AttributeValue> item, String name) {
        return get(item, name).map(v -> Long.parseLong(v.n()));
    }

    static Double optDouble(Map<String, AttributeValue> item, String name) {
        return get(item, name).map(v -> Double.parseDouble(v.n())).orElse(null);
    }

    static boolean flag(Map<String, AttributeValue> item, String name) {
        return get(item, name).map(v -> Boolean.TRUE.equals(v.bool())).orElse(false);
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochMilli(num(item, name));
    }

    static Optional<Instant> optInstant(Map<String, AttributeValue> item, String name) {
        return optNum(item, name).map(Instant::ofEpochMilli);
    }

    static Map<String, AttributeValue> submap(Map<String, AttributeValue> item, String name) {
        return get(item, name).filter(AttributeValue::hasM).map(AttributeValue::m).orElse(Map.of());
    }

    static List<String> strings(Map<String, AttributeValue> item, String name) {
        return get(item, name).filter(AttributeValue::hasL).map(v -> v.l().stream().map(AttributeValue::s).toList())
                .orElse(List.of());
    }

    /** Puts the value when there is one: items leave out what is unknown rather than storing nulls. */
    static void putIf(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    static void putIf(Map<String, AttributeValue> item, String name, Long value) {
        if (value != null) {
            item.put(name, n(value));
        }
    }

    static void putIf(Map<String, AttributeValue> item, String name, Double value) {
        if (value != null) {
            item.put(name, n(value));
        }
    }
}
