package dev.pixflow.engine.vips.ffm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.SymbolLookup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Which libvips a process loads when no setting names one: the pinned build install-libvips left in
 * the per-user cache, only that version and only unchanged, else the system's.
 */
class PinnedBuildCacheTest {
    private static final String LINUX = "Linux";
    private static final String X64 = "amd64";
    private static final SymbolLookup NOTHING = name -> Optional.empty();

    @TempDir
    Path cache;

    @Test
    void theCacheRootFollowsTheScriptsOrder() {
        assertThat(PinnedBuildCache.root(Map.of("PIXFLOW_CACHE_DIR", "/c/own", "XDG_CACHE_HOME", "/c/xdg"), "/home/u"))
                .contains(Path.of("/c/own"));
        assertThat(PinnedBuildCache.root(Map.of("XDG_CACHE_HOME", "/c/xdg", "HOME", "/home/h"), "/home/u"))
                .contains(Path.of("/c/xdg/pixflow"));
        assertThat(PinnedBuildCache.root(Map.of("HOME", "/home/h"), "/home/u")).contains(Path.of("/home/h/.cache/pixflow"));
        assertThat(PinnedBuildCache.root(Map.of(), "/home/u")).contains(Path.of("/home/u/.cache/pixflow"));
        // A user without a home (user.home "?") would make the cache relative to the working directory.
        assertThat(PinnedBuildCache.root(Map.of(), "?")).isEmpty();
        assertThat(PinnedBuildCache.root(Map.of("PIXFLOW_CACHE_DIR", "cache"), "/home/u")).isEmpty();
    }

    @Test
    void onlyLinuxOnTheTwoCpusHasPinnedBuilds() {
        assertThat(PinnedBuildCache.platform(LINUX, "amd64")).contains("linux-x64");
        assertThat(PinnedBuildCache.platform(LINUX, "aarch64")).contains("linux-arm64");
        assertThat(PinnedBuildCache.platform(LINUX, "riscv64")).isEmpty();
        assertThat(PinnedBuildCache.platform("Mac OS X", "aarch64")).isEmpty();
    }

    @Test
    void theVersionIsTheOneTheInstallerPins() throws Exception {
        // install-libvips sits beside the module's sources, where Maven runs the tests.
        Process script = new ProcessBuilder("bash", "install-libvips", "--print-version").start();
        String printed = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(script.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(printed).isEqualTo(PinnedBuildCache.VERSION);
    }

    @Test
    void aFileInThePinnedPlaceThatIsNotThePinnedLibraryIsPassedOver() throws IOException {
        Path lib = pinnedPlace(PinnedBuildCache.VERSION, "linux-x64");
        Files.writeString(lib, "planted or damaged");

        assertThat(find()).isEmpty();
    }

    @Test
    void nothingInTheCacheFindsNothing() {
        assertThat(find()).isEmpty();
    }

    @Test
    void aSettingComesBeforeTheCacheAndTheCacheBeforeTheSystem() {
        Optional<Path> cached = Optional.of(Path.of("/cache/libvips-cpp.so.8.18.7"));

        assertThat(LibVips.choose("/a/libvips.so", "/b/libvips.so", () -> cached))
                .isEqualTo(new LibVips.Choice("/a/libvips.so", LibVips.PROPERTY));
        assertThat(LibVips.choose(" ", "/b/libvips.so", () -> cached))
                .isEqualTo(new LibVips.Choice("/b/libvips.so", LibVips.ENVIRONMENT));
        assertThat(LibVips.choose(null, null, () -> cached))
                .isEqualTo(new LibVips.Choice("/cache/libvips-cpp.so.8.18.7", LibVips.CACHE));
        assertThat(LibVips.choose(null, "", Optional::empty))
                .isEqualTo(new LibVips.Choice("libvips.so.42", "system"));
    }

    @Test
    void aCachedBuildThatCannotLoadHereGivesWayToTheSystemsButANamedOneDoesNot() {
        LibVips.Choice cached = new LibVips.Choice("/home/shared/libvips-cpp.so.8.18.7", LibVips.CACHE);
        LibVips.Choice named = new LibVips.Choice("/opt/libvips.so", LibVips.ENVIRONMENT);
        List<String> tried = new ArrayList<>();

        LibVips.Loaded loaded = LibVips.load(cached, choice -> {
            tried.add(choice.library());
            if (choice.library().startsWith("/")) {
                throw new IllegalStateException(choice.library() + " cannot be loaded");
            }
            return NOTHING;
        });

        assertThat(tried).containsExactly("/home/shared/libvips-cpp.so.8.18.7", "libvips.so.42");
        assertThat(loaded.choice()).isEqualTo(new LibVips.Choice("libvips.so.42", "system"));
        assertThatThrownBy(() -> LibVips.load(named, choice -> {
            throw new IllegalStateException(choice.library() + " cannot be loaded");
        })).hasMessageContaining("/opt/libvips.so");
    }

    /**
     * A JVM started with no setting, as {@code java -jar pixflow.jar} is, over a cache holding the
     * pinned build this test JVM runs on, loads that copy and says the cache chose it; the same file
     * under another version's name is not loaded.
     */
    @Test
    void aProcessStartedWithoutASettingLoadsThePinnedBuildFromTheCache() throws Exception {
        Path pinned = Path.of(LibVips.library().file());
        String platform = PinnedBuildCache.platform(System.getProperty("os.name"), System.getProperty("os.arch"))
                .orElse("none");
        assumeTrue(pinned.getFileName().toString().equals("libvips-cpp.so." + PinnedBuildCache.VERSION),
                "this JVM runs on the pinned build (./pixflow test)");
        assertThat(PinnedBuildCache.sha512(pinned)).as("the digest known for " + platform)
                .isEqualTo(PinnedBuildCache.librarySha512(platform).orElseThrow());

        Path elsewhere = Files.copy(pinned, pinnedPlace("9.9.9", platform));
        assertThat(runWithoutSetting()).as("the same file under another version's name")
                .doesNotContain("library: 9.9.9").doesNotContain(elsewhere.toRealPath().toString());

        Path copy = Files.copy(pinned, pinnedPlace(PinnedBuildCache.VERSION, platform));
        assertThat(runWithoutSetting()).contains("library: " + PinnedBuildCache.VERSION + " " + copy.toRealPath() + " "
                + LibVips.CACHE);
    }

    /** Prints the library a fresh process loaded. */
    public static final class LibraryOfAProcess {
        public static void main(String[] args) {
            LibVips.Library library = LibVips.library();
            System.out.println("library: " + library.version() + " " + library.file() + " " + library.configuredBy());
        }
    }

    private String runWithoutSetting() throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                LibraryOfAProcess.class.getName());
        ProcessBuilder process = new ProcessBuilder(command).redirectErrorStream(true);
        process.environment().remove(LibVips.ENVIRONMENT);
        process.environment().put("PIXFLOW_CACHE_DIR", cache.toString());
        Process child = process.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // Without the pinned build, a machine without the system's libvips cannot start one at all.
        return child.exitValue() == 0 ? output : "failed: " + output;
    }

    private Optional<Path> find() {
        return PinnedBuildCache.find(Map.of("PIXFLOW_CACHE_DIR", cache.toString()), "/nowhere", LINUX, X64);
    }

    /** Where install-libvips puts a version's library, its directories made. */
    private Path pinnedPlace(String version, String platform) throws IOException {
        return Files.createDirectories(cache.resolve("libvips").resolve(version + "-" + platform).resolve("lib"))
                .resolve("libvips-cpp.so." + version);
    }
}
