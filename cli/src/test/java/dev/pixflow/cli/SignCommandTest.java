package dev.pixflow.cli;

import dev.pixflow.core.delivery.DeliverySigner;
import dev.pixflow.core.delivery.ExpiringLinks;
import dev.pixflow.core.delivery.SigningKey;
import dev.pixflow.core.delivery.TransformUrl;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SignCommandTest {
    static final String ID = "019a4f6e-8a1c-7b3e-9c2d-5e8f7a6b4c3d";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
    static final DeliverySigner SERVER = new DeliverySigner(List.of(SigningKey.hex("736563726574", "68656C6C6F")), CLOCK);

    record Run(int exit, String out, String err) {
    }

    static Run sign(String... args) {
        return signWith(Map.of("PIXFLOW_DELIVERY_KEYS", "736563726574,aa", "PIXFLOW_DELIVERY_SALTS", "68656C6C6F,bb"), args);
    }

    static Run signWith(Map<String, String> env, String... args) {
        SignCommand command = new SignCommand();
        command.env = env;
        command.clock = CLOCK;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        command.out = new PrintStream(out, true);
        command.err = new PrintStream(err, true);
        int exit = new CommandLine(command).execute(args);
        return new Run(exit, out.toString().strip(), err.toString().strip());
    }

    @Test
    void signsATransformationInCanonicalFormWithTheFirstKey() {
        Run run = sign("--base", "https://img.example.com/", "/f:webp,w:300/" + ID);
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("https://img.example.com/t/").endsWith("/w:300,f:webp/" + ID);
        TransformUrl url = TransformUrl.parse(run.out().substring("https://img.example.com/t/".length()));
        assertThat(SERVER.check(url.signature(), url.signedPath(), url.expires())).isEqualTo(DeliverySigner.Verdict.VALID);
    }

    @Test
    void anExpiryBecomesTheExpOption() {
        Run run = sign("--base", "http://x", "--expires-in", "30m", "/w:64/" + ID + ".avif");
        assertThat(run.out()).endsWith("/w:64,f:avif,exp:" + CLOCK.instant().plusSeconds(1800).getEpochSecond() + "/" + ID);
        TransformUrl url = TransformUrl.parse(run.out().substring("http://x/t/".length()));
        assertThat(SERVER.check(url.signature(), url.signedPath(), url.expires())).isEqualTo(DeliverySigner.Verdict.VALID);
    }

    @Test
    void anImageLinkExpiresInAnHourByDefault() {
        Run run = sign("--base", "http://x", "/i/" + ID + "/thumb");
        long exp = CLOCK.instant().plusSeconds(3600).getEpochSecond();
        assertThat(run.out()).startsWith("http://x/i/" + ID + "/thumb?exp=" + exp + "&sig=");
        String sig = run.out().substring(run.out().indexOf("&sig=") + 5);
        assertThat(new ExpiringLinks(SERVER).check("/i/" + ID + "/thumb", Long.toString(exp), sig))
                .isEqualTo(DeliverySigner.Verdict.VALID);
    }

    @Test
    void aBadOptionIsRefusedNamingIt() {
        Run run = sign("/w:huge/" + ID);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("w");
    }

    @Test
    void aKeyWithoutItsSaltIsRefusedRatherThanSigningWhatNoServerAccepts() {
        Run run = signWith(Map.of(), "--key", "736563726574", "/w:300/" + ID);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("--key and --salt go together");

        Run saltFromElsewhere = sign("--key", "736563726574", "/w:300/" + ID);
        assertThat(saltFromElsewhere.exit()).as("the environment's salt is another key's").isEqualTo(2);

        Run envAlone = signWith(Map.of("PIXFLOW_DELIVERY_KEYS", "736563726574,aa", "PIXFLOW_DELIVERY_SALTS", "68656C6C6F"),
                "/w:300/" + ID);
        assertThat(envAlone.exit()).isEqualTo(2);
        assertThat(envAlone.err()).contains("pair up").contains("2 key(s), 1 salt(s)");

        Run blankSalts = signWith(Map.of("PIXFLOW_DELIVERY_KEYS", "736563726574", "PIXFLOW_DELIVERY_SALTS", ""), "/i/" + ID + "/thumb");
        assertThat(blankSalts.exit()).isEqualTo(2);
        assertThat(blankSalts.out()).isEmpty();
    }

    @Test
    void aKeyThatIsNotHexIsALineNotAStackTrace() {
        Run run = signWith(Map.of(), "--key", "zz", "--salt", "aa", "/w:300/" + ID);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("pixflow sign: signing keys and salts are hex strings");
    }

    @Test
    void anImageLinkWithoutItsVariantIsRefused() {
        Run run = sign("/i/" + ID);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("/i/{id}/{variant}");
    }

    @Test
    void aLifetimePastTheCalendarIsRefusedInOneLine() {
        Run run = sign("--expires-in", "999999999999999d", "/i/" + ID + "/thumb");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("pixflow sign: '999999999999999d' is too long a lifetime");
        Run moreDigits = sign("--expires-in", "99999999999999999999d", "/w:300/" + ID);
        assertThat(moreDigits.exit()).isEqualTo(2);
        assertThat(moreDigits.err()).isEqualTo("pixflow sign: '99999999999999999999d' is too long a lifetime");
    }

    @Test
    void anExpiryInThePathThatHasPassedIsRefusedRatherThanSigned() {
        Run past = sign("/w:10,exp:1000/" + ID);
        assertThat(past.exit()).isEqualTo(2);
        assertThat(past.out()).as("no URL the server would answer 410").isEmpty();
        assertThat(past.err()).isEqualTo("pixflow sign: exp:1000 has passed already (1970-01-01T00:16:40Z)");
        long future = CLOCK.instant().plusSeconds(60).getEpochSecond();
        assertThat(sign("/w:10,exp:" + future + "/" + ID).out()).contains("exp:" + future);
    }

    @Test
    void anExpiryGivenAsAnOptionRenewsThePathsAndSaysSo() {
        long past = 1000;
        Run renewed = sign("--expires-in", "7d", "/w:10,exp:" + past + "/" + ID);
        assertThat(renewed.exit()).isZero();
        assertThat(renewed.out()).contains("exp:" + CLOCK.instant().plus(java.time.Duration.ofDays(7)).getEpochSecond());
        assertThat(renewed.err()).isEqualTo("pixflow sign: --expires-in 7d replaces the path's exp:1000");
    }

    @Test
    void everyCommandSaysItsVersionAndUsageUnderItsFullName() {
        for (String[] args : new String[][]{{"--version"}, {"sign", "-V"}, {"upload", "--version"}}) {
            java.io.StringWriter out = new java.io.StringWriter();
            CommandLine cli = new CommandLine(new PixflowCli());
            cli.setOut(new java.io.PrintWriter(out, true));
            assertThat(cli.execute(args)).isZero();
            assertThat(out.toString()).as(String.join(" ", args)).startsWith("pixflow ").hasLineCount(1);
        }
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cli = new CommandLine(new PixflowCli());
        cli.setErr(new java.io.PrintWriter(err, true));
        assertThat(cli.execute("upload", "--parallel", "0", "x.jpg")).isEqualTo(2);
        assertThat(err.toString()).contains("--parallel must be at least 1").contains("Usage: pixflow upload");
    }

    @Test
    void aLifetimeOfNothingIsRefused() {
        Run run = sign("--expires-in", "0s", "/i/" + ID + "/thumb");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("more than 0");
    }
}
