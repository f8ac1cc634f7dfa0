package dev.pixflow.core.recipe;

import dev.pixflow.core.media.InvalidInputException;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The fonts a text overlay can use: the DejaVu families, which the project installs from Debian's
 * fonts-dejavu-core, so a recipe renders the same on every machine.
 */
public enum Font {
    SANS("sans", "DejaVu Sans", "DejaVuSans.ttf"),
    SANS_BOLD("sans-bold", "DejaVu Sans Bold", "DejaVuSans-Bold.ttf"),
    SERIF("serif", "DejaVu Serif", "DejaVuSerif.ttf"),
    SERIF_BOLD("serif-bold", "DejaVu Serif Bold", "DejaVuSerif-Bold.ttf"),
    MONO("mono", "DejaVu Sans Mono", "DejaVuSansMono.ttf"),
    MONO_BOLD("mono-bold", "DejaVu Sans Mono Bold", "DejaVuSansMono-Bold.ttf");

    private final String id;
    private final String description;
    private final String file;

    Font(String id, String description, String file) {
        this.id = id;
        this.description = description;
        this.file = file;
    }

    public String id() {
        return id;
    }

    /** The Pango font description without its size, e.g. {@code DejaVu Sans Bold}. */
    public String description() {
        return description;
    }

    /** The file name in the fonts-dejavu-core package. */
    public String file() {
        return file;
    }

    public static Font fromId(String field, String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst().orElseThrow(() ->
                new InvalidInputException(field, "'" + id + "' is not a font ("
                        + Arrays.stream(values()).map(Font::id).collect(Collectors.joining(", ")) + ")"));
    }
}
