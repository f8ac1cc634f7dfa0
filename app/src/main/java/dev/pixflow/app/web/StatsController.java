package dev.pixflow.app.web;

import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.port.CatalogueStatistics;
import dev.pixflow.core.usecase.ImageStatistics;
import dev.pixflow.core.usecase.RecentActivity;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/admin/stats?days=30}: uploads and bytes per day, formats, render time percentiles and
 * top tags over the last days, and the catalogue's totals, for every owner; and
 * {@code GET /v1/admin/activity?minutes=30}: uploads and renditions per minute over the last minutes,
 * for the admin page's live charts. Admin keys only.
 */
@RestController
public class StatsController {
    private final ImageStatistics statistics;
    private final RecentActivity activity;

    public StatsController(ImageStatistics statistics, RecentActivity activity) {
        this.statistics = statistics;
        this.activity = activity;
    }

    /**
     * {@code meanRenderMs} null in a minute that rendered nothing; {@code complete} false for a minute
     * not wholly read (more events in the window than are read), whose counts are then partial.
     */
    public record MinuteJson(Instant at, long uploads, long renditions, @Schema(types = {"number", "null"}) Double meanRenderMs, boolean complete) {
    }

    /** Oldest first, the current minute (so far) last; read newest first, so a cap costs the oldest. */
    public record ActivityJson(List<MinuteJson> minutes, boolean truncated) {
    }

    @GetMapping("/v1/admin/activity")
    public ActivityJson activity(Caller caller, @Parameter(description = "the last minutes shown", schema = @Schema(type = "integer",
            minimum = "1", maximum = "" + RecentActivity.MAX_MINUTES, defaultValue = "30")) @RequestParam(required = false) String minutes) {
        AdminController.requireAdmin(caller);
        RecentActivity.Report r = activity.lastMinutes(whole("minutes", minutes, 30, RecentActivity.MAX_MINUTES));
        return new ActivityJson(r.minutes().stream().map(m -> new MinuteJson(m.at(), m.uploads(), m.renditions(),
                m.meanRenderMillis().isPresent() ? m.meanRenderMillis().getAsDouble() : null, m.complete())).toList(),
                r.truncated());
    }

    public record DayJson(LocalDate day, long uploads, long bytes) {
    }

    public record FormatJson(String format, long images, long bytes) {
    }

    public record PercentilesJson(long count, long p50, long p90, long p99, long max) {
        static PercentilesJson of(ImageStatistics.Percentiles p) {
            return new PercentilesJson(p.count(), p.p50(), p.p90(), p.p99(), p.max());
        }
    }

    /** Milliseconds; {@code truncated} when the window held more events than are read for it. */
    public record RenderTimeJson(long count, long p50, long p90, long p99, long max, boolean truncated,
                                 Map<String, PercentilesJson> variants) {
    }

    public record TagJson(String tag, long images) {
    }

    public record TotalsJson(long images, long bytes) {
    }

    public record StatsJson(int days, LocalDate from, LocalDate to, List<DayJson> uploadsPerDay, List<FormatJson> formats,
                            RenderTimeJson renderTime, List<TagJson> topTags, TotalsJson totals) {
    }

    @GetMapping("/v1/admin/stats")
    public StatsJson stats(Caller caller, @Parameter(description = "the last days counted", schema = @Schema(type = "integer",
            minimum = "1", maximum = "" + ImageStatistics.MAX_DAYS, defaultValue = "30")) @RequestParam(required = false) String days) {
        AdminController.requireAdmin(caller);
        ImageStatistics.Report r = statistics.report(whole("days", days, 30, ImageStatistics.MAX_DAYS));
        ImageStatistics.RenderTimes t = r.renderTime();
        Map<String, PercentilesJson> variants = new TreeMap<>();
        t.variants().forEach((name, p) -> variants.put(name, PercentilesJson.of(p)));
        return new StatsJson(r.uploadsPerDay().size(), r.from(), r.to(),
                r.uploadsPerDay().stream().map(d -> new DayJson(d.day(), d.uploads(), d.bytes())).toList(),
                r.formats().stream().map(StatsController::format).toList(),
                new RenderTimeJson(t.all().count(), t.all().p50(), t.all().p90(), t.all().p99(), t.all().max(),
                        t.truncated(), variants),
                r.topTags().stream().map(c -> new TagJson(c.tag(), c.count())).toList(),
                new TotalsJson(r.totalImages(), r.totalBytes()));
    }

    private static FormatJson format(CatalogueStatistics.FormatShare f) {
        return new FormatJson(f.format().id(), f.images(), f.bytes());
    }

    /** Taken as text, so "abc" is the same 400 problem as "0", naming the field. */
    /**
     * The parameter as written, {@code absent} when it is not given: an empty one (a client's unset variable) or one padded with
     * spaces is refused, not read as the default or as the number inside.
     */
    private static int whole(String field, String text, int absent, int max) {
        if (text == null) {
            return absent;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "must be a whole number in 1.." + max);
        }
    }
}
