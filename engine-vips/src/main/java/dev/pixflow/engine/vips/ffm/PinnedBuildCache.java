package dev.pixflow.engine.vips.ffm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The pinned libvips build that {@code engine-vips/install-libvips} keeps in the per-user cache, so
 * that a server started as {@code java -jar pixflow.jar} on a machine where {@code ./pixflow} has
 * installed it renders on it too, not only the processes the script starts.
 *
 * <p>The script's layout: {@code ${PIXFLOW_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/pixflow}/libvips/
 * VERSION-PLATFORM/lib/libvips-cpp.so.VERSION}. The cache is the user's to write, so only the pinned
 * version is looked for, and only a file with the library's digest known here is taken: anything
 * else in that directory, a newer version or a changed file, is passed over.
 */
final class PinnedBuildCache {
    /** The version install-libvips pins (its {@code VIPS_VERSION}; a test holds the two together). */
    static final String VERSION = "8.18.7";
    /**
     * The sha512 of {@code lib/libvips-cpp.so.8.18.7} in each platform's tarball,
     * {@code @img/sharp-libvips-PLATFORM@1.3.4}, whose own integrity install-libvips pins.
     */
    private static final Map<String, String> LIBRARY_SHA512 = Map.of(
            "linux-x64", "de9d4b44eb652ad6e199c6d7292e4c074035f0f6adf40af37b2f8e6a200569b0"
                    + "653c39cca21ada3dd3115008258488257a373be4f2eff6d5e9a3232b246bd146",
            "linux-arm64", "ff95dbd0dcce8e70e41148821021f1c7add5b1ee5de9cad36838c76a1f08964f"
                    + "de51e236f2b21d48dbde74f984f40b00f0cdd2447d93e0e9303115792b526c10");
    private static final int HASH_BUFFER = 1 << 16;

    private PinnedBuildCache() {
    }

    /**
     * The pinned build's library, where the cache holds it unchanged.
     *
     * @param environment the process's environment ({@code PIXFLOW_CACHE_DIR}, {@code XDG_CACHE_HOME},
     *                    {@code HOME})
     * @param userHome    {@code user.home}, where {@code HOME} is not set
     * @param osName      {@code os.name}: only Linux has pinned builds
     * @param osArch      {@code os.arch}
     */
    static Optional<Path> find(Map<String, String> environment, String userHome, String osName, String osArch) {
        Optional<String> platform = platform(osName, osArch);
        Optional<Path> root = root(environment, userHome);
        if (platform.isEmpty() || root.isEmpty()) {
            return Optional.empty();
        }
        Path library = root.get().resolve("libvips").resolve(VERSION + "-" + platform.get()).resolve("lib")
                .resolve("libvips-cpp.so." + VERSION);
        return isThePinnedLibrary(library, LIBRARY_SHA512.get(platform.get())) ? Optional.of(library) : Optional.empty();
    }

    /** The cache's root, as install-libvips and ./pixflow compute it; none where it would be relative. */
    static Optional<Path> root(Map<String, String> environment, String userHome) {
        Path root;
        if (isSet(environment.get("PIXFLOW_CACHE_DIR"))) {
            root = Path.of(environment.get("PIXFLOW_CACHE_DIR"));
        } else if (isSet(environment.get("XDG_CACHE_HOME"))) {
            root = Path.of(environment.get("XDG_CACHE_HOME"), "pixflow");
        } else {
            String home = isSet(environment.get("HOME")) ? environment.get("HOME") : userHome;
            root = Path.of(home == null ? "" : home, ".cache", "pixflow");
        }
        return root.isAbsolute() ? Optional.of(root) : Optional.empty();
    }

    /** install-libvips' platform names (npm's), for the CPUs it has builds for. */
    static Optional<String> platform(String osName, String osArch) {
        if (!osName.toLowerCase().startsWith("linux")) {
            return Optional.empty();
        }
        return switch (osArch) {
            case "amd64", "x86_64" -> Optional.of("linux-x64");
            case "aarch64", "arm64" -> Optional.of("linux-arm64");
            default -> Optional.empty();
        };
    }

    /** The sha512 this platform's pinned library has. */
    static Optional<String> librarySha512(String platform) {
        return Optional.ofNullable(LIBRARY_SHA512.get(platform));
    }

    static String sha512(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-512");
            byte[] buffer = new byte[HASH_BUFFER];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-512", e);
        }
    }

    private static boolean isThePinnedLibrary(Path library, String expected) {
        try {
            return Files.isRegularFile(library) && expected.equals(sha512(library));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
