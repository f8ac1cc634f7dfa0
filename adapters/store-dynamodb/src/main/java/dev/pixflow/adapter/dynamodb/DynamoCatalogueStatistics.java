package dev.pixflow.adapter.dynamodb;

import dev.pixflow.core.domain.TagCount;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.port.CatalogueStatistics;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.pixflow.adapter.dynamodb.Attrs.*;

/**
 * The admin statistics. DynamoDB has no GROUP BY: the window's images are read from the by-day index
 * (only the attributes counted) and added up here, and the totals are a scan of the table's image
 * items, reading only their sizes. Both cost reads in proportion to the images counted; the admin page
 * asks rarely, and the window is days.
 */
public final class DynamoCatalogueStatistics implements CatalogueStatistics {
    private final Table table;

    DynamoCatalogueStatistics(Table table) {
        this.table = table;
    }

    @Override
    public Summary summarize(Instant from, Instant to, int topTags, Instant at) {
        Map<LocalDate, long[]> days = new TreeMap<>();
        Map<ImageFormat, long[]> formats = new HashMap<>();
        Map<String, Long> tags = new HashMap<>();
        DayPartitions.created(table, from, to, null).filter(item -> !ImageItems.record(item).isExpired(at)).forEach(item -> {
            long bytes = num(item, "bytes");
            LocalDate day = instant(item, "created").atOffset(ZoneOffset.UTC).toLocalDate();
            add(days.computeIfAbsent(day, d -> new long[2]), bytes);
            add(formats.computeIfAbsent(ImageItems.format(str(item, "format")), f -> new long[2]), bytes);
            strings(item, ImageItems.TAGS).forEach(t -> tags.merge(t, 1L, Long::sum));
        });
        List<DayUploads> perDay = new ArrayList<>();
        days.forEach((day, v) -> perDay.add(new DayUploads(day, v[0], v[1])));
        List<FormatShare> shares = formats.entrySet().stream()
                .map(e -> new FormatShare(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .sorted(Comparator.comparingLong(FormatShare::images).reversed().thenComparing(s -> s.format().id()))
                .toList();
        List<TagCount> top = tags.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(topTags).map(e -> new TagCount(e.getKey(), e.getValue())).toList();
        long[] totals = totals(at);
        return new Summary(perDay, shares, top, totals[0], totals[1]);
    }

    private static void add(long[] counts, long bytes) {
        counts[0]++;
        counts[1] += bytes;
    }

    private long[] totals(Instant at) {
        long[] totals = new long[2];
        Expr e = new Expr();
        String filter = e.name(CatalogueTable.SK) + " = " + e.value(s(Keys.IMAGE)) + " AND attribute_not_exists("
                + e.name(ImageItems.REMOVED) + ") AND (attribute_not_exists(" + e.name(ImageItems.EXPIRES) + ") OR "
                + e.name(ImageItems.EXPIRES) + " > " + e.value(millis(at)) + ")";
        String projection = e.name("bytes");
        table.client.scanPaginator(b -> b.tableName(table.name).filterExpression(filter).projectionExpression(projection)
                        .expressionAttributeNames(e.names()).expressionAttributeValues(e.values()).consistentRead(true))
                .items().forEach((Map<String, AttributeValue> item) -> add(totals, num(item, "bytes")));
        return totals;
    }
}
