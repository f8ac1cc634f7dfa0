package dev.pixflow.app.command;

import dev.pixflow.app.catalogue.CatalogueMustExist;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the commands that run without the server ({@code pixflow keys}, {@code pixflow export}) share:
 * their arguments split into the server's settings ({@code --pixflow.*}, {@code --spring.*},
 * {@code --logging.*}, which open the same stores as the server) and the command's own, and standard
 * output kept for the command's answer alone ({@code TOKEN=$(pixflow keys create ...)}), whatever
 * Spring, Flyway or a driver logs going to standard error.
 */
public record OfflineCommandLine(List<String> settings, List<String> own) {

    public OfflineCommandLine {
        settings = List.copyOf(settings);
        own = List.copyOf(own);
    }

    public static OfflineCommandLine of(String[] args) {
        List<String> settings = new ArrayList<>();
        List<String> own = new ArrayList<>();
        for (String arg : args) {
            (isSetting(arg) ? settings : own).add(arg);
        }
        return new OfflineCommandLine(settings, own);
    }

    /**
     * The command's application context, as the server's settings make it but with no web server, and
     * quiet; with {@code catalogueMustExist}, the embedded catalogue is opened only where it is.
     */
    public static SpringApplicationBuilder context(Class<?> context, boolean catalogueMustExist) {
        SpringApplicationBuilder app = new SpringApplicationBuilder(context)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .properties("logging.level.root=WARN", "spring.main.register-shutdown-hook=false",
                        // A context that fails to start is the command's to report, in a line (start), not
                        // Spring's stack trace before it; a refused setting still gets its failure analysis.
                        "logging.level.org.springframework.boot.SpringApplication=OFF",
                        "logging.level.org.springframework.context.annotation.AnnotationConfigApplicationContext=ERROR");
        return catalogueMustExist ? app.initializers(CatalogueMustExist.inContext()) : app;
    }

    /**
     * The command's context started with {@code settings}; a context that cannot start is a
     * {@link CannotStart} that says why in a line (the catalogue is not there, a setting is refused, a
     * database cannot be reached), for the command to print instead of a stack trace.
     */
    public static ConfigurableApplicationContext start(SpringApplicationBuilder app, String[] settings) {
        try {
            return app.run(settings);
        } catch (RuntimeException e) {
            // The root cause says it best: the catalogue missing, a setting refused, a database out of reach.
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
            throw new CannotStart(cause.getMessage() != null ? cause.getMessage() : cause.toString(), e);
        }
    }

    /** The command's context did not start; the message says why. */
    public static final class CannotStart extends RuntimeException {
        CannotStart(String why, Throwable cause) {
            super(why, cause);
        }
    }

    /** Runs {@code cli} on the command's own arguments; its exit status. */
    public int execute(CommandLine cli) {
        // A value picocli cannot read is told in the option's terms, not as the Java class it was meant for.
        cli.registerConverter(OffsetDateTime.class, text -> parsed(text, OffsetDateTime::parse,
                "is not a time with its offset, such as 2027-01-01T00:00:00Z"));
        cli.registerConverter(LocalDate.class, text -> parsed(text, LocalDate::parse, "is not a day, such as 2027-01-31"));
        PrintStream stdout = System.out;
        cli.setOut(new PrintWriter(stdout, true));
        cli.setErr(new PrintWriter(System.err, true));
        System.setOut(System.err);
        try {
            return cli.execute(own.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
        }
    }

    private static <T> T parsed(String text, java.util.function.Function<String, T> parse, String otherwise) {
        try {
            return parse.apply(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' " + otherwise);
        }
    }

    private static boolean isSetting(String arg) {
        return arg.startsWith("--pixflow.") || arg.startsWith("--spring.") || arg.startsWith("--logging.");
    }
}
