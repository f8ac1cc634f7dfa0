package dev.pixflow.cli;

import dev.pixflow.core.delivery.DeliverySigner;
import dev.pixflow.core.delivery.ExpiringLinks;
import dev.pixflow.core.delivery.SigningKey;
import dev.pixflow.core.delivery.TransformUrl;
import dev.pixflow.core.domain.NotFoundException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pixflow sign PATH}: prints a signed delivery URL with the server's keys, as a site's backend
 * would make one. A transformation path ({@code /w:300,f:webp/{id}}) becomes {@code /t/{signature}/...}
 * with its options in canonical form; {@code /i/{id}/{variant}} becomes an expiring link
 * ({@code ?exp=&sig=}) for a private image.
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Print a signed delivery URL.",
                "PATH is a transformation, /{options}/{id}[.{ext}] (e.g. /w:300,h:200,fit:cover,f:webp/ID),",
                "or /i/{id}/{variant} for an expiring link to a private image.",
                "Keys: PIXFLOW_DELIVERY_KEYS and PIXFLOW_DELIVERY_SALTS (hex, comma separated; the first pair signs)."})
final class SignCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd]?)");
    /** An expiring link names an image and one of its variants (or its original), nothing else. */
    private static final Pattern IMAGE_LINK = Pattern.compile("/i/[^/?#]+/[^/?#]+");

    @Parameters(index = "0", paramLabel = "PATH", description = "the path to sign")
    String path;

    @Option(names = "--base", paramLabel = "URL", description = "prefix of the printed URL (default: ${DEFAULT-VALUE})",
            defaultValue = "${env:PIXFLOW_SERVER:-http://localhost:8080}")
    String base;

    @Option(names = "--expires-in", paramLabel = "DURATION",
            description = "lifetime: 90s, 30m, 12h, 7d; a transformation URL expires only when given, an /i/ link in 1h by default")
    String expiresIn;

    @Option(names = "--key", description = "hex key (instead of PIXFLOW_DELIVERY_KEYS)")
    String key;

    @Option(names = "--salt", description = "hex salt (instead of PIXFLOW_DELIVERY_SALTS)")
    String salt;

    Map<String, String> env = System.getenv();
    Clock clock = Clock.systemUTC();
    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        String prefix = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        try {
            DeliverySigner signer = new DeliverySigner(keys(), clock);
            if (path.startsWith("/i/")) {
                if (!IMAGE_LINK.matcher(path).matches()) {
                    err.println("pixflow sign: an image link is /i/{id}/{variant}, such as /i/ID/thumb or /i/ID/original");
                    return 2;
                }
                if (!signer.enabled()) {
                    err.println("pixflow sign: an /i/ link needs a key (PIXFLOW_DELIVERY_KEYS and PIXFLOW_DELIVERY_SALTS, or --key and --salt)");
                    return 2;
                }
                Duration life = expiresIn == null ? Duration.ofHours(1) : duration(expiresIn);
                out.println(prefix + new ExpiringLinks(signer).sign(path, clock.instant().plus(life)));
                return 0;
            }
            String bare = path.startsWith(TransformUrl.PREFIX) ? path.substring(TransformUrl.PREFIX.length() - 1) : path;
            if (!bare.startsWith("/")) {
                bare = "/" + bare;
            }
            TransformUrl parsed = TransformUrl.parse("_" + bare);
            if (expiresIn != null && parsed.expires().isPresent()) {
                // Renewing a URL: the option's lifetime replaces the one the path carried, said so.
                err.println("pixflow sign: --expires-in " + expiresIn + " replaces the path's exp:" + parsed.expires().getAsLong());
            }
            OptionalLong expires = expiresIn == null ? parsed.expires()
                    : OptionalLong.of(clock.instant().plus(duration(expiresIn)).getEpochSecond());
            if (expires.isPresent() && expires.getAsLong() <= clock.instant().getEpochSecond()) {
                // The server would answer it 410: a URL nobody can use is a mistake to say, not to print.
                err.println("pixflow sign: exp:" + expires.getAsLong() + " has passed already ("
                        + java.time.Instant.ofEpochSecond(expires.getAsLong()) + ")");
                return 2;
            }
            if (!signer.enabled()) {
                err.println("pixflow sign: no key configured; this unsigned URL works only on a server without keys");
            }
            out.println(prefix + TransformUrl.signed(signer, TransformUrl.path(parsed.id(), parsed.recipe(), expires)));
            return 0;
        } catch (NotFoundException | IllegalArgumentException e) {
            err.println("pixflow sign: " + e.getMessage());
            return 2;
        } catch (ArithmeticException | java.time.DateTimeException e) {
            err.println("pixflow sign: '" + expiresIn + "' is too long a lifetime");
            return 2;
        }
    }

    /**
     * The first key and its salt. They must pair up as the server requires of its settings: a key
     * without its salt would sign URLs that no server checks as valid.
     */
    private List<SigningKey> keys() {
        if ((key == null) != (salt == null)) {
            // One from the command line and the other from the environment would pair keys that never met.
            throw new IllegalArgumentException("--key and --salt go together");
        }
        List<SigningKey> pairs = SigningKey.pairs(items(key != null ? key : env.getOrDefault("PIXFLOW_DELIVERY_KEYS", "")),
                items(salt != null ? salt : env.getOrDefault("PIXFLOW_DELIVERY_SALTS", "")));
        return pairs.isEmpty() ? List.of() : List.of(pairs.getFirst());
    }

    private static List<String> items(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).toList();
    }

    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 90s, 30m, 12h or 7d");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new ArithmeticException("more digits than a lifetime has"); // said as too long a lifetime
        }
        if (n == 0) {
            throw new IllegalArgumentException("'" + text + "' has passed already: a lifetime is more than 0");
        }
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
