package dev.pixflow.adapter.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The images created in a window, read from the by-day index a UTC day (one partition) at a time, in
 * creation order: a window touches only its days, and no partition grows with the whole catalogue.
 */
final class DayPartitions {
    private DayPartitions() {
    }

    /** Live image items created in [{@code from}, {@code to}) and after {@code afterKey} (may be null), oldest first. */
    static Stream<Map<String, AttributeValue>> created(Table table, Instant from, Instant to, String afterKey) {
        if (!from.isBefore(to)) {
            return Stream.empty();
        }
        String lower = Attrs.padded(from.toEpochMilli());
        String upper = Attrs.padded(to.toEpochMilli());
        LocalDate first = from.atOffset(ZoneOffset.UTC).toLocalDate();
        if (afterKey != null) {
            LocalDate cursorDay = Instant.ofEpochMilli(Long.parseLong(afterKey.substring(0, afterKey.indexOf('#'))))
                    .atOffset(ZoneOffset.UTC).toLocalDate();
            first = cursorDay.isAfter(first) ? cursorDay : first;
        }
        LocalDate last = to.minusMillis(1).atOffset(ZoneOffset.UTC).toLocalDate();
        return first.datesUntil(last.plusDays(1))
                .flatMap(day -> table.range(CatalogueTable.DAY, Keys.day(day), lower, upper, true))
                .filter(item -> {
                    String sk = Attrs.str(item, CatalogueTable.DAY.sk);
                    return sk.compareTo(upper) < 0 && (afterKey == null || sk.compareTo(afterKey) > 0);
                })
                .filter(ImageItems::live);
    }
}
