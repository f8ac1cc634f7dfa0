package dev.pixflow.engine.vips;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code install-libvips}, the script that fetches the pinned libvips, on a machine without npm: it
 * asks the npm registry it is given for the package's tarball with curl, and installs nothing whose
 * bytes do not match the pinned sha512. (Its way to success is taken by every {@code ./pixflow}
 * command on a machine without the build.)
 */
class InstallLibvipsTest {
    /** The script, from the engine-vips module's directory, where Maven runs the tests. */
    private static final Path SCRIPT = Path.of("install-libvips");
    /** What the script runs, and nothing more: no npm, so it takes its curl route. */
    private static final List<String> TOOLS = List.of("bash", "env", "uname", "ldd", "grep", "sed", "sha512sum", "cut",
            "base64", "od", "tr", "mkdir", "mktemp", "rm", "mv", "tar", "gzip", "curl", "cat", "flock", "find", "head",
            "printf", "dirname");

    @TempDir
    static Path bin;

    @TempDir
    Path cache;

    @Test
    void aTarballThatIsNotThePinnedOneIsRefusedAndNothingIsInstalled() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpServer registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().getPath());
            byte[] body = "not the package".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        registry.start();
        try {
            Result result = run("npm_config_registry=http://127.0.0.1:" + registry.getAddress().getPort() + "/");

            assertThat(result.exit()).as(result.stderr()).isEqualTo(1);
            assertThat(asked).singleElement().asString()
                    .matches("/@img/sharp-libvips-linux-(x64|arm64)/-/sharp-libvips-linux-(x64|arm64)-\\d+\\.\\d+\\.\\d+\\.tgz");
            assertThat(result.stderr()).contains("does not match its pinned sha512").contains("not installed");
            assertThat(result.stdout()).isEmpty();
            try (Stream<Path> left = Files.walk(cache)) {
                assertThat(left.filter(p -> p.getFileName().toString().startsWith("libvips-cpp.so"))).isEmpty();
            }
        } finally {
            registry.stop(0);
        }
    }

    @Test
    void aRegistryThatCannotBeReachedFailsWithTheReasonAndWithoutItsLogin() throws Exception {
        Result result = run("npm_config_registry=http://ci:s3cret@127.0.0.1:9");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stderr()).contains("could not fetch http://127.0.0.1:9/@img/sharp-libvips-")
                .doesNotContain("s3cret");
        assertThat(result.stdout()).isEmpty();
    }

    @BeforeAll
    static void toolsWithoutNpm() throws IOException {
        for (String tool : TOOLS) {
            Path found = Stream.of(System.getenv("PATH").split(":")).map(dir -> Path.of(dir, tool))
                    .filter(Files::isExecutable).findFirst()
                    .orElseThrow(() -> new IllegalStateException(tool + " is not on the PATH"));
            Files.createSymbolicLink(bin.resolve(tool), found);
        }
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private Result run(String... environment) throws IOException, InterruptedException {
        ProcessBuilder process = new ProcessBuilder(bin.resolve("bash").toString(), SCRIPT.toString());
        process.environment().put("PATH", bin.toString());
        process.environment().put("PIXFLOW_CACHE_DIR", cache.toString());
        // The fake registry is on loopback: no proxy in between.
        process.environment().put("no_proxy", "127.0.0.1");
        process.environment().put("NO_PROXY", "127.0.0.1");
        for (String variable : environment) {
            int eq = variable.indexOf('=');
            process.environment().put(variable.substring(0, eq), variable.substring(eq + 1));
        }
        Path out = cache.resolve("stdout.txt");
        Path err = cache.resolve("stderr.txt");
        Process child = process.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("install-libvips ended").isTrue();
        Result result = new Result(child.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return result;
    }
}
