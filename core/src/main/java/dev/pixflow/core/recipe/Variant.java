package dev.pixflow.core.recipe;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.InvalidInputException;

import java.util.regex.Pattern;

/**
 * A named recipe: a configured variant (thumb, medium, large) or a rendition someone asked for.
 * The name is part of the storage key and the delivery URL, so it is short and plain.
 */
public record Variant(String name, Recipe recipe) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    public Variant {
        if (name == null || !NAME.matcher(name).matches() || "original".equals(name)) {
            throw new InvalidInputException("name", "must match " + NAME + " and not be 'original': " + name);
        }
        if (recipe == null) {
            throw new InvalidInputException("recipe", "is required");
        }
    }

    public static Variant of(String name, String recipe) {
        return new Variant(name, Recipe.parse(recipe));
    }

    /** The name of an unnamed rendition: its recipe hash. */
    public static Variant unnamed(Recipe recipe) {
        return new Variant("r-" + recipe.hash(), recipe);
    }

    public String canonical() {
        return recipe.canonical();
    }

    public String recipeHash() {
        return recipe.hash();
    }

    /** The format this variant is encoded as for a source with or without alpha. */
    public ImageFormat format(boolean sourceHasAlpha) {
        return recipe.output().resolve(sourceHasAlpha);
    }
}
