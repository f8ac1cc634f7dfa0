package dev.pixflow.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * "Images" that the {@link FakeImageEngine} understands: one line of text such as
 * {@code FAKEIMG jpeg 640x480 alpha=false}, optionally followed by {@code key=value} notes. Tests can
 * read them, make two with different bytes but the same size (a {@code note}), and make a truncated
 * one whose header reads but whose pixels do not, without any codec.
 */
public final class FakeImages {
    static final String MAGIC = "FAKEIMG";
    static final String TRUNCATED = "truncated";

    /** What the header line says; {@code format} is kept as written so an unknown one can be refused. */
    public record Header(String format, int width, int height, boolean alpha, boolean truncated, List<String> notes) {
    }

    private FakeImages() {
    }

    public static Path write(Path dir, String format, int width, int height) throws IOException {
        return write(dir, bytes(format, width, height));
    }

    public static Path write(Path dir, byte[] image) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "fake-", ".img");
        Files.write(file, image);
        return file;
    }

    public static byte[] bytes(String format, int width, int height) {
        return text(format, width, height, false).getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] bytes(String format, int width, int height, boolean alpha) {
        return text(format, width, height, alpha).getBytes(StandardCharsets.US_ASCII);
    }

    /** Same header, other bytes: another SHA-256, so not a duplicate. */
    public static byte[] bytes(String format, int width, int height, String note) {
        return (text(format, width, height, false) + " note=" + note).getBytes(StandardCharsets.US_ASCII);
    }

    /** A header that probes well, with pixels that fail to decode. */
    public static byte[] truncated(String format, int width, int height) {
        return (text(format, width, height, false) + " " + TRUNCATED).getBytes(StandardCharsets.US_ASCII);
    }

    public static String text(String format, int width, int height, boolean alpha) {
        return "%s %s %dx%d alpha=%s".formatted(MAGIC, format, width, height, alpha);
    }

    /** The header of {@code file}, empty when it is no fake image at all. */
    public static Optional<Header> read(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        return parse(new String(raw, StandardCharsets.US_ASCII));
    }

    public static Optional<Header> parse(String text) {
        String[] words = text.strip().split(" +");
        if (words.length < 4 || !words[0].equals(MAGIC) || !words[3].startsWith("alpha=")) {
            return Optional.empty();
        }
        String[] size = words[2].split("x");
        if (size.length != 2) {
            return Optional.empty();
        }
        try {
            List<String> rest = Arrays.asList(words).subList(4, words.length);
            return Optional.of(new Header(words[1], Integer.parseInt(size[0]), Integer.parseInt(size[1]),
                    Boolean.parseBoolean(words[3].substring("alpha=".length())), rest.contains(TRUNCATED),
                    rest.stream().filter(w -> !w.equals(TRUNCATED)).toList()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
