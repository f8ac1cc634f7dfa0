package dev.pixflow.app.analytics;

import dev.pixflow.app.command.CommandVersion;
import dev.pixflow.app.command.OfflineCommandLine;
import dev.pixflow.core.domain.AnalyticsFormat;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.usecase.ExportAnalytics;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;

/**
 * {@code pixflow export [--from DAY] [--to DAY] [--format parquet|csv]}: the analytics export, once,
 * against the configured catalogue and blob store, without starting the server. Settings come as for
 * the server: environment variables, or {@code --pixflow.some.setting=value} arguments. Standard output
 * lists the files written; logs go to standard error.
 */
@Command(name = "pixflow export", mixinStandardHelpOptions = true, versionProvider = CommandVersion.class,
        description = "Write image records and events as Parquet (or CSV) files, one per UTC day, under analytics/ in the blob store.")
public final class ExportCommand implements Callable<Integer> {

    @Option(names = "--from", paramLabel = "DAY", description = "first day (YYYY-MM-DD, UTC); default the day before the last (yesterday)")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DAY", description = "last day, included; default today")
    LocalDate to;

    @Option(names = "--format", paramLabel = "FORMAT", description = "parquet or csv; default pixflow.analytics.format (parquet)")
    String format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private String[] settings = new String[0];

    /** Runs the command; the exit status. */
    public static int run(String[] args) {
        OfflineCommandLine line = OfflineCommandLine.of(args);
        ExportCommand command = new ExportCommand();
        command.settings = line.settings().toArray(String[]::new);
        return line.execute(new CommandLine(command));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (ConfigurableApplicationContext context = OfflineCommandLine.start(OfflineCommandLine.context(ExportContext.class, true),
                settings)) {
            ExportAnalytics export = context.getBean(ExportAnalytics.class);
            AnalyticsFormat chosen = format != null ? AnalyticsFormat.parse(format)
                    : context.getBean(AnalyticsProperties.class).exportFormat();
            LocalDate today = export.today();
            LocalDate last = to != null ? to : today;
            LocalDate first = from != null ? from : last.minusDays(1);
            for (ExportAnalytics.DayFile f : export.export(first, last, chosen)) {
                // A kept file: the event log may have pruned that day since it was written (pixflow.events.retention).
                out.printf("%s\t%s%n", f.key(), f.kept() ? "kept" : Long.toString(f.rows()));
            }
            return 0;
        } catch (InvalidInputException e) {
            err.println("pixflow export: " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            err.println("pixflow export: " + e);
            return 1;
        } catch (OfflineCommandLine.CannotStart e) {
            err.println("pixflow export: " + e.getMessage());
            return 1;
        }
    }
}
