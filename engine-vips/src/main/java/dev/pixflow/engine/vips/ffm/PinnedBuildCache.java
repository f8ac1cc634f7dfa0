package dev.pixflow.engine.vips.ffm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The pinned libvips builds that {@code engine-vips/install-libvips} keeps in the per-user cache, so
 * that a server started as {@code java -jar pixflow.jar} on a machine where {@code ./pixflow} has
 * installed one renders on it too, not only processes started by the script.
 *
 * <p>The script's layout: {@code ${PIXFLOW_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/pixflow}/libvips/
 * VERSION-PLATFORM/lib/libvips-cpp.so.VERSION}, beside {@code libvips.sha512}, the library's digest
 * written after the tarball's pinned integrity was checked. A build counts only when its library
 * still has that digest, as the script checks on each run; the newest such build wins.
 */
final class PinnedBuildCache {
    private static final Pattern BUILD = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)-(.+)");
    private static final int HASH_BUFFER = 1 << 16;

    private PinnedBuildCache() {
    }

    /**
     * The library of the newest intact build for this machine's platform, if any.
     *
     * @param environment the process's environment ({@code PIXFLOW_CACHE_DIR}, {@code XDG_CACHE_HOME})
     * @param userHome    the user's home directory, for {@code ~/.cache}
     * @param osName      {@code os.name}: only Linux has pinned builds
     * @param osArch      {@code os.arch}
     */
    static Optional<Path> find(Map<String, String> environment, String userHome, String osName, String osArch) {
        Optional<String> platform = platform(osName, osArch);
        if (platform.isEmpty()) {
            return Optional.empty();
        }
        Path builds = root(environment, userHome).resolve("libvips");
        if (!Files.isDirectory(builds)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(builds)) {
            return dirs.map(dir -> Build.of(dir, platform.get()))
                    .flatMap(Optional::stream)
                    .sorted(Comparator.comparing(Build::version, Arrays::compare).reversed())
                    .map(Build::library)
                    .filter(PinnedBuildCache::intact)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The cache's root, as install-libvips and ./pixflow compute it. */
    static Path root(Map<String, String> environment, String userHome) {
        String own = environment.get("PIXFLOW_CACHE_DIR");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".cache");
        return cache.resolve("pixflow");
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

    /** The library still has the digest written when its tarball's integrity was checked. */
    static boolean intact(Path library) {
        Path digest = library.getParent().getParent().resolve("libvips.sha512");
        try {
            String expected = Files.readString(digest, StandardCharsets.US_ASCII).strip();
            return Files.isRegularFile(library) && expected.equalsIgnoreCase(sha512(library));
        } catch (IOException e) {
            return false;
        }
    }

    private static String sha512(Path file) throws IOException {
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

    private record Build(int[] version, Path library) {
        static Optional<Build> of(Path dir, String platform) {
            Matcher m = BUILD.matcher(dir.getFileName().toString());
            if (!m.matches() || !m.group(4).equals(platform)) {
                return Optional.empty();
            }
            String version = m.group(1) + "." + m.group(2) + "." + m.group(3);
            int[] parts = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
            return Optional.of(new Build(parts, dir.resolve("lib").resolve("libvips-cpp.so." + version)));
        }
    }
}
