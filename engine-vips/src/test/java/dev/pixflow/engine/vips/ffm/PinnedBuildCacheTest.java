package dev.pixflow.engine.vips.ffm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Which libvips a process loads when no setting names one: the pinned build install-libvips left in
 * the per-user cache, checked against its digest, else the system's.
 */
class PinnedBuildCacheTest {
    private static final String LINUX = "Linux";
    private static final String X64 = "amd64";

    @TempDir
    Path cache;

    @Test
    void theCacheRootFollowsTheScriptsOrder() {
        assertThat(PinnedBuildCache.root(Map.of("PIXFLOW_CACHE_DIR", "/c/own", "XDG_CACHE_HOME", "/c/xdg"), "/home/u"))
                .isEqualTo(Path.of("/c/own"));
        assertThat(PinnedBuildCache.root(Map.of("XDG_CACHE_HOME", "/c/xdg"), "/home/u"))
                .isEqualTo(Path.of("/c/xdg/pixflow"));
        assertThat(PinnedBuildCache.root(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.cache/pixflow"));
    }

    @Test
    void onlyLinuxOnTheTwoCpusHasPinnedBuilds() {
        assertThat(PinnedBuildCache.platform(LINUX, "amd64")).contains("linux-x64");
        assertThat(PinnedBuildCache.platform(LINUX, "aarch64")).contains("linux-arm64");
        assertThat(PinnedBuildCache.platform(LINUX, "riscv64")).isEmpty();
        assertThat(PinnedBuildCache.platform("Mac OS X", "aarch64")).isEmpty();
    }

    @Test
    void findsTheNewestIntactBuildForThisPlatform() throws IOException {
        build("8.18.7-linux-x64", "the 8.18.7 library", true);
        Path newest = build("8.19.0-linux-x64", "the 8.19.0 library", true);
        build("8.20.0-linux-arm64", "another CPU's library", true);
        build("8.9.9-linux-x64", "an older library", true);

        assertThat(find()).contains(newest);
    }

    @Test
    void aBuildWhoseLibraryNoLongerMatchesItsDigestIsPassedOver() throws IOException {
        Path intact = build("8.18.7-linux-x64", "the 8.18.7 library", true);
        Path tampered = build("8.19.0-linux-x64", "the 8.19.0 library", true);
        Files.writeString(tampered, "changed after its check");

        assertThat(find()).contains(intact);
    }

    @Test
    void aBuildWithoutItsDigestIsUnfinishedAndPassedOver() throws IOException {
        build("8.18.7-linux-x64", "the 8.18.7 library", false);

        assertThat(find()).isEmpty();
    }

    @Test
    void noCacheAtAllFindsNothing() {
        assertThat(PinnedBuildCache.find(Map.of("PIXFLOW_CACHE_DIR", cache.resolve("absent").toString()), "/nowhere",
                LINUX, X64)).isEmpty();
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

    /**
     * A JVM started with no setting, as {@code java -jar pixflow.jar} is, over a cache holding the
     * pinned build this test JVM runs on, loads that build and says the cache chose it.
     */
    @Test
    void aProcessStartedWithoutASettingLoadsThePinnedBuildFromTheCache() throws Exception {
        Path pinned = Path.of(LibVips.library().file());
        String name = pinned.getFileName().toString();
        assumeTrue(name.startsWith("libvips-cpp.so."), "this JVM runs on the pinned build (./pixflow test)");
        String version = name.substring("libvips-cpp.so.".length());
        Path lib = Files.createDirectories(cache.resolve("libvips").resolve(version + "-"
                + PinnedBuildCache.platform(System.getProperty("os.name"), System.getProperty("os.arch")).orElseThrow())
                .resolve("lib"));
        Path copy = Files.copy(pinned, lib.resolve(name));
        Files.writeString(lib.getParent().resolve("libvips.sha512"), sha512(Files.readAllBytes(pinned)) + "\n");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                LibraryOfAProcess.class.getName()));
        ProcessBuilder process = new ProcessBuilder(command).redirectErrorStream(true);
        process.environment().remove(LibVips.ENVIRONMENT);
        process.environment().put("PIXFLOW_CACHE_DIR", cache.toString());
        Process child = process.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("library: " + version + " " + copy.toRealPath() + " " + LibVips.CACHE);
    }

    /** Prints the library a fresh process loaded. */
    public static final class LibraryOfAProcess {
        public static void main(String[] args) {
            LibVips.Library library = LibVips.library();
            System.out.println("library: " + library.version() + " " + library.file() + " " + library.configuredBy());
        }
    }

    private Optional<Path> find() {
        return PinnedBuildCache.find(Map.of("PIXFLOW_CACHE_DIR", cache.toString()), "/nowhere", LINUX, X64);
    }

    /** A build as install-libvips leaves it: the library, and its digest unless unfinished. */
    private Path build(String dir, String content, boolean withDigest) throws IOException {
        String version = dir.substring(0, dir.indexOf('-'));
        Path lib = Files.createDirectories(cache.resolve("libvips").resolve(dir).resolve("lib"))
                .resolve("libvips-cpp.so." + version);
        Files.writeString(lib, content);
        if (withDigest) {
            Files.writeString(cache.resolve("libvips").resolve(dir).resolve("libvips.sha512"),
                    sha512(content.getBytes(StandardCharsets.UTF_8)) + "\n");
        }
        return lib;
    }

    private static String sha512(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
