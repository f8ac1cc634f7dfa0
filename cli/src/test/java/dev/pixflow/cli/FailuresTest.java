package dev.pixflow.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a user reads of a failure, and of a command line the client cannot take. */
class FailuresTest {
    static final String SERVER = "http://pixflow.example:8080";

    @Test
    void anUnknownHostIsSaidSoThoughTheClientWrapsItInAConnectException() {
        ConnectException wrapped = new ConnectException();
        wrapped.initCause(new UnresolvedAddressException());
        assertThat(Failures.describe(new IOException(wrapped), SERVER)).isEqualTo("cannot reach " + SERVER + ": unknown host");
        assertThat(Failures.describe(new ConnectException(), SERVER)).isEqualTo("cannot reach " + SERVER + ": connection refused");
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsSaidInWords() {
        assertThat(Failures.describe(new IOException("HTTP/1.1 header parser received no bytes"), SERVER))
                .isEqualTo(SERVER + " closed the connection without an answer");
    }

    @Test
    void aBucketOutOfReachIsNamedNotTheServer() {
        IOException e = new Failures.BucketUnreachable("http://bucket.example:9000", new ConnectException());
        assertThat(Failures.describe(new IOException(e), SERVER)).isEqualTo("cannot reach the bucket at http://bucket.example:9000: connection refused");
    }

    @Test
    void aSizeTooLargeForTheClientIsRefusedNotWrapped() {
        ByteSize sizes = new ByteSize();
        assertThat(sizes.convert("16M")).isEqualTo(16L << 20);
        assertThat(sizes.convert("512")).isEqualTo(512L);
        assertThatThrownBy(() -> sizes.convert("99999999999G")).isInstanceOf(TypeConversionException.class).hasMessageContaining("larger");
        assertThatThrownBy(() -> sizes.convert("99999999999999999999")).isInstanceOf(TypeConversionException.class).hasMessageContaining("larger");
    }

    @Test
    void aVisibilityTheServerDoesNotTakeOrNoCommandAtAllIsAUsageError() {
        CommandLine cli = new CommandLine(new PixflowCli());
        cli.setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()));
        assertThat(cli.execute("upload", "--server", "http://127.0.0.1:1", "--visibility", "secret", "x.jpg")).isEqualTo(2);
        assertThat(cli.execute()).isEqualTo(2);
    }
}
