package dev.pixflow.app.command;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The server's command line, when it is no command (keys, export, train): settings only, as
 * {@code --name=value}. A stray word or a bare {@code --word} would otherwise start a server on the
 * default port and data (a mistyped command, {@code sign}, which is the CLI's, or {@code --help}).
 */
public final class ServerCommandLine {
    public static final String USAGE = """
            usage: java -jar pixflow.jar [--name=value ...]   the server, with settings (docs/configuration.md)
                   java -jar pixflow.jar keys create --owner NAME [--admin] | keys revoke ID | keys list
                   java -jar pixflow.jar export [--from DAY] [--to DAY] [--format parquet|csv]
                   java -jar pixflow.jar train --seconds=N   a training run of the JVM's start-up cache
            `./pixflow help` lists the commands of the whole project (run, test, upload, sign, ...).""";
    private static final Set<String> HELP = Set.of("--help", "-h", "-help", "help", "-?");
    /** Spring Boot's own switches, which take no value. */
    private static final Set<String> SWITCHES = Set.of("--debug", "--trace");

    private ServerCommandLine() {
    }

    public static boolean asksForHelp(String[] args) {
        return Arrays.stream(args).anyMatch(HELP::contains);
    }

    /** Why the arguments are no server start, or empty when they are settings. */
    public static Optional<String> refusal(String[] args) {
        return Arrays.stream(args).filter(a -> !(a.startsWith("--") && a.indexOf('=') > 2) && !SWITCHES.contains(a))
                .findFirst().map(stray -> "pixflow: '" + stray + "' is no command of the server: it takes the commands keys,"
                        + " export and train, first, or settings as --name=value (docs/configuration.md); `./pixflow help`"
                        + " lists every command");
    }
}
