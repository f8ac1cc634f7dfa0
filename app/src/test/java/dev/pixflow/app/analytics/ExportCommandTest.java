package dev.pixflow.app.analytics;

import dev.pixflow.adapter.sqlite.SqliteDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pixflow export} on a data directory with no server running: the days it is given (or the day
 * before the last), one line per file on standard output, CSV with its header, and bad arguments refused
 * with status 2 before anything is written.
 */
class ExportCommandTest {
    @TempDir
    Path tmp;

    private record Run(int status, List<String> lines, String err) {
    }

    private static Run export(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int status = ExportCommand.run(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void writesTheDaysItIsGivenInTheFormatAsked() throws Exception {
        Path data = serversDataDirectory();
        Run run = export("--from", "2026-05-01", "--to", "2026-05-02", "--format", "csv", "--pixflow.data-dir=" + data);
        assertThat(run.status()).isZero();
        assertThat(run.lines()).containsExactly(
                "analytics/images/day=2026-05-01/images-2026-05-01.csv\t0",
                "analytics/events/day=2026-05-01/events-2026-05-01.csv\t0",
                "analytics/images/day=2026-05-02/images-2026-05-02.csv\t0",
                "analytics/events/day=2026-05-02/events-2026-05-02.csv\t0");
        Path images = data.resolve("blobs/analytics/images/day=2026-05-02/images-2026-05-02.csv");
        assertThat(Files.readAllLines(images)).hasSize(1).first().asString().startsWith("id,owner,status,");

        // Exported again long after (the log keeps 30 days by default): the events files stay as they were.
        Run again = export("--from", "2026-05-01", "--to", "2026-05-01", "--format", "csv", "--pixflow.data-dir=" + data);
        assertThat(again.status()).isZero();
        assertThat(again.lines()).containsExactly("analytics/images/day=2026-05-01/images-2026-05-01.csv\t0",
                "analytics/events/day=2026-05-01/events-2026-05-01.csv\tkept");

        Run lastOnly = export("--to", "2026-05-10", "--pixflow.data-dir=" + data);
        assertThat(lastOnly.status()).isZero();
        assertThat(lastOnly.lines()).extracting(l -> l.substring(0, l.indexOf('\t'))).containsExactly(
                "analytics/images/day=2026-05-09/images-2026-05-09.parquet",
                "analytics/events/day=2026-05-09/events-2026-05-09.parquet",
                "analytics/images/day=2026-05-10/images-2026-05-10.parquet",
                "analytics/events/day=2026-05-10/events-2026-05-10.parquet");
    }

    @Test
    void badArgumentsAreRefusedAndWriteNothing() throws Exception {
        Path data = serversDataDirectory();
        assertThat(export("--format", "xml", "--pixflow.data-dir=" + data).status()).isEqualTo(2);
        assertThat(export("--from", "2026-05-03", "--to", "2026-05-01", "--pixflow.data-dir=" + data).status()).isEqualTo(2);
        Run notADay = export("--from", "yesterday", "--pixflow.data-dir=" + data);
        assertThat(notADay.status()).isEqualTo(2);
        assertThat(notADay.err()).as("in the option's terms").contains("'yesterday' is not a day, such as").doesNotContain("java.");
        assertThat(export("--to", "2999-01-01", "--pixflow.data-dir=" + data).status()).as("a day to come").isEqualTo(2);
        assertThat(data.resolve("blobs/analytics")).doesNotExist();
    }

    @Test
    void aDirectoryWithoutTheServersCatalogueIsSaidSoAndLeftAsItWas() {
        Path elsewhere = tmp.resolve("elsewhere");
        Run run = export("--pixflow.data-dir=" + elsewhere);
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.lines()).isEmpty();
        assertThat(run.err()).contains("pixflow export: no catalogue at " + elsewhere.toAbsolutePath().resolve("pixflow.db"));
        assertThat(elsewhere.resolve("pixflow.db")).doesNotExist();
        assertThat(elsewhere.resolve("blobs/analytics")).doesNotExist();
    }

    /** A data directory as a server leaves it: its catalogue made. */
    private Path serversDataDirectory() throws Exception {
        Path data = tmp.resolve("data");
        SqliteDatabase.open(data.resolve("pixflow.db"), 1).close();
        return data;
    }
}
