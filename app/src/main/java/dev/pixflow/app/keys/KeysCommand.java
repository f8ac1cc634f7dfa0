package dev.pixflow.app.keys;

import dev.pixflow.app.command.CommandVersion;
import dev.pixflow.app.command.OfflineCommandLine;
import dev.pixflow.core.domain.ApiKey;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.usecase.ApiKeys;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code pixflow keys create|revoke|list}: API keys, written straight into the configured metadata
 * store (SQLite under the data directory, or PostgreSQL), without starting the server. Settings come
 * as for the server: environment variables, or {@code --pixflow.some.setting=value} arguments.
 */
// Inherited: each subcommand answers --help and --version as this one does, its usage headed "pixflow keys ...".
@Command(name = "pixflow keys", mixinStandardHelpOptions = true, versionProvider = CommandVersion.class,
        scope = CommandLine.ScopeType.INHERIT, description = "Manage API keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.Revoke.class, KeysCommand.ListKeys.class})
public final class KeysCommand {

    /** Runs the command; the exit status. */
    public static int run(String[] args) {
        OfflineCommandLine line = OfflineCommandLine.of(args);
        return line.execute(new CommandLine(new KeysCommand(), new ContextFactory(line.settings().toArray(String[]::new))));
    }

    /** Opens the key store for a subcommand, closing it (and the database) when done. */
    private static final class ContextFactory implements CommandLine.IFactory {
        private final String[] settings;

        ContextFactory(String[] settings) {
            this.settings = settings;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            K made = CommandLine.defaultFactory().create(type);
            if (made instanceof KeyTask task) {
                task.settings = settings;
            }
            return made;
        }
    }

    abstract static class KeyTask implements Callable<Integer> {
        String[] settings = new String[0];

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (ConfigurableApplicationContext context =
                         OfflineCommandLine.start(OfflineCommandLine.context(KeysContext.class, !makesTheCatalogue()), settings)) {
                return run(context.getBean(ApiKeys.class), spec.commandLine().getOut(), spec.commandLine().getErr());
            } catch (InvalidInputException e) {
                spec.commandLine().getErr().println("pixflow keys: " + e.getMessage());
                return 2;
            } catch (OfflineCommandLine.CannotStart e) {
                spec.commandLine().getErr().println("pixflow keys: " + e.getMessage());
                return 1;
            }
        }

        /** Whether the command may make the catalogue: the first key comes before the server's first start. */
        boolean makesTheCatalogue() {
            return false;
        }

        abstract int run(ApiKeys keys, PrintWriter out, PrintWriter err);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Make a key; its token is printed once, on standard output, and never kept.")
    static final class Create extends KeyTask {
        @Option(names = "--owner", required = true, description = "whose images the key sees and changes")
        String owner;

        @Option(names = "--admin", description = "may also use /v1/admin (queues, dead letters, keys)")
        boolean admin;

        @Option(names = "--expires-at", paramLabel = "TIME",
                description = "refused from this time on, ISO 8601 with its offset (2027-01-01T00:00:00Z); default never")
        OffsetDateTime expiresAt;

        @Override
        boolean makesTheCatalogue() {
            return true;
        }

        @Override
        int run(ApiKeys keys, PrintWriter out, PrintWriter err) {
            ApiKeys.Issued issued = keys.issue(owner, admin, Optional.ofNullable(expiresAt).map(OffsetDateTime::toInstant));
            err.printf("created %s for owner %s%s%s; the token below is shown only now%n", issued.key().id(),
                    issued.key().owner(), admin ? " (admin)" : "",
                    issued.key().expiresAt().map(at -> ", expiring " + at).orElse(""));
            err.flush();
            out.println(issued.token());
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key: it is refused from now on.")
    static final class Revoke extends KeyTask {
        @Parameters(paramLabel = "ID", description = "the key's id, as keys list shows it")
        String id;

        @Override
        int run(ApiKeys keys, PrintWriter out, PrintWriter err) {
            // As the API's DELETE: revoking a revoked key again is done, not an error; an unknown one is.
            Optional<ApiKey> key = keys.find(id);
            if (key.isEmpty()) {
                err.println("pixflow keys: no key " + id);
                return 1;
            }
            if (key.get().revoked()) {
                out.println("revoked " + id + " (it already was)");
                return 0;
            }
            keys.revoke(id);
            out.println("revoked " + id);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys (never their tokens).")
    static final class ListKeys extends KeyTask {
        private static String shown(Optional<Instant> at) {
            return at.map(Instant::toString).orElse("-");
        }

        @Override
        int run(ApiKeys keys, PrintWriter out, PrintWriter err) {
            String row = "%-16s %-24s %-5s %-7s %-24s %-24s %-24s %s%n";
            out.printf(row, "ID", "OWNER", "ADMIN", "STATUS", "CREATED", "EXPIRES", "LAST USED", "REVOKED");
            for (ApiKey k : keys.list()) {
                out.printf(row, k.id(), k.owner(), k.admin() ? "yes" : "no", keys.statusOf(k), k.createdAt(),
                        shown(k.expiresAt()), shown(k.lastUsedAt()), shown(k.revokedAt()));
            }
            return 0;
        }
    }
}
