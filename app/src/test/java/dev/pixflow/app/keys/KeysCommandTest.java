package dev.pixflow.app.keys;

import dev.pixflow.adapter.jdbc.JdbcApiKeyStore;
import dev.pixflow.adapter.jdbc.SqlDatabase;
import dev.pixflow.adapter.postgres.PostgresDatabase;
import dev.pixflow.adapter.sqlite.SqliteDatabase;
import dev.pixflow.core.port.ApiKeyStore;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.testing.servers.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pixflow keys} on each metadata store, in process: create prints a token that the store then
 * knows by its hash only, list never shows it, revoke makes it fail (and again changes nothing), unknown
 * ids, bad owners and past expiries are errors.
 */
class KeysCommandTest {
    @TempDir
    Path tmp;

    private record Run(int status, String out, String err) {
    }

    private static Run keys(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int status = KeysCommand.run(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    private static void roundTrip(ApiKeyStore store, String... settings) {
        Run created = keys(concat(new String[]{"create", "--owner", "ana", "--admin"}, settings));
        assertThat(created.status()).isZero();
        String token = created.out().strip();
        assertThat(token).startsWith("pxf_");
        ApiKeys keys = new ApiKeys(store, Clock.systemUTC());
        var key = keys.authenticate(token).orElseThrow();
        assertThat(key.owner()).isEqualTo("ana");
        assertThat(key.admin()).isTrue();

        Run listed = keys(concat(new String[]{"list"}, settings));
        assertThat(listed.status()).isZero();
        assertThat(listed.out()).contains(key.id()).contains("ana").doesNotContain(token).doesNotContain(key.tokenSha256());

        assertThat(keys(concat(new String[]{"revoke", key.id()}, settings)).status()).isZero();
        assertThat(keys.authenticate(token)).isEmpty();
        assertThat(keys(concat(new String[]{"list"}, settings)).out().lines().filter(l -> l.startsWith(key.id())))
                .singleElement().asString().containsPattern(" revoked +\\d{4}-");
        Run again = keys(concat(new String[]{"revoke", key.id()}, settings));
        assertThat(again.status()).as("already revoked: done, as the API's DELETE answers 204").isZero();
        assertThat(again.out()).contains("already");
        assertThat(keys(concat(new String[]{"revoke", "key_000000000000"}, settings)).status()).as("an unknown key").isEqualTo(1);
        assertThat(keys(concat(new String[]{"create", "--owner", "not a name"}, settings)).status()).isEqualTo(2);

        Run expiring = keys(concat(new String[]{"create", "--owner", "bo", "--expires-at", "2999-01-01T00:00:00Z"}, settings));
        assertThat(expiring.status()).isZero();
        var bo = keys.authenticate(expiring.out().strip()).orElseThrow();
        assertThat(bo.expiresAt()).contains(java.time.Instant.parse("2999-01-01T00:00:00Z"));
        assertThat(keys(concat(new String[]{"list"}, settings)).out()).contains("2999-01-01T00:00:00Z").contains("LAST USED");
        assertThat(keys(concat(new String[]{"create", "--owner", "bo", "--expires-at", "2000-01-01T00:00:00Z"}, settings)).status())
                .as("an expiry in the past").isEqualTo(2);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void theCommandSaysItsVersionAndReadsATimeInItsOwnTerms() {
        Run version = keys("create", "--version");
        assertThat(version.status()).isZero();
        assertThat(version.out()).startsWith("pixflow ").hasLineCount(1);
        Run day = keys("create", "--owner", "x", "--expires-at", "2027-01-01", "--pixflow.data-dir=" + tmp.resolve("unused"));
        assertThat(day.status()).isEqualTo(2);
        assertThat(day.err()).contains("'2027-01-01' is not a time with its offset, such as 2027-01-01T00:00:00Z")
                .doesNotContain("java.time").contains("Usage: pixflow keys create");
        assertThat(tmp.resolve("unused")).as("refused before anything is opened").doesNotExist();
    }

    @Test
    void onTheEmbeddedDatabaseOfTheDataDirectory() throws Exception {
        Path data = tmp.resolve("data");
        Run nothingThere = keys("list", "--pixflow.data-dir=" + data);
        assertThat(nothingThere.status()).as("no catalogue there yet").isEqualTo(1);
        assertThat(nothingThere.err()).contains("pixflow keys: no catalogue at " + data.toAbsolutePath().resolve("pixflow.db"));
        assertThat(nothingThere.err()).as("the reason, not a stack trace").doesNotContain("\tat ").doesNotContain("Application run failed")
                .as("nor Spring's warning of it first").doesNotContain("Exception");
        assertThat(keys("revoke", "key_000000000000", "--pixflow.data-dir=" + data).status()).isEqualTo(1);
        // A store that cannot be opened is said in a line too, not thrown at the user.
        Run noDatabase = keys("list", "--pixflow.metadata.type=postgres", "--pixflow.data-dir=" + data);
        assertThat(noDatabase.status()).isEqualTo(1);
        assertThat(noDatabase.err()).contains("pixflow keys: ").doesNotContain("\tat ");
        assertThat(data.resolve("pixflow.db")).as("listing made no catalogue").doesNotExist();
        // The first key makes the catalogue, before the server's first start.
        assertThat(keys("create", "--owner", "first", "--pixflow.data-dir=" + data).status()).isZero();
        assertThat(data.resolve("pixflow.db")).exists();
        try (SqlDatabase db = SqliteDatabase.open(data.resolve("pixflow.db"), 2)) {
            roundTrip(new JdbcApiKeyStore(db), "--pixflow.data-dir=" + data);
        }
    }

    @Test
    void onPostgresql() {
        try (PostgresServer server = PostgresServer.start()) {
            String url = server.newDatabase();
            String[] settings = {"--pixflow.metadata.type=postgres", "--pixflow.metadata.postgres.url=" + url,
                    "--pixflow.metadata.postgres.user=" + PostgresServer.USER,
                    "--pixflow.metadata.postgres.password=" + PostgresServer.PASSWORD};
            assertThat(keys(concat(new String[]{"list"}, settings)).status()).isZero();
            try (SqlDatabase db = PostgresDatabase.open(url, PostgresServer.USER, PostgresServer.PASSWORD, 2)) {
                roundTrip(new JdbcApiKeyStore(db), settings);
            }
        }
    }
}
