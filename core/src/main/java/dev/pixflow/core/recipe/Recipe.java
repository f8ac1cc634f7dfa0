package dev.pixflow.core.recipe;

import dev.pixflow.core.media.InvalidInputException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a rendition is: operations applied in order, then how the result is encoded. Named variants,
 * requested renditions and transformation URLs all use this one model. Its canonical text
 * ({@link RecipeText}) is stable, so it names the stored rendition (through {@link #hash()}) and
 * appears in URLs; {@code parse(canonical())} gives back an equal recipe.
 */
public record Recipe(List<Op> ops, Output output) {
    public static final int MAX_OPS = 20;

    public Recipe {
        if (ops == null) {
            ops = List.of();
        }
        if (ops.size() > MAX_OPS) {
            throw new InvalidInputException("ops", "at most " + MAX_OPS + " operations");
        }
        List<Op> copy = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) == null) {
                throw new InvalidInputException("ops[" + i + "]", "is not an operation");
            }
            copy.add(ops.get(i));
        }
        ops = List.copyOf(copy);
        output = output == null ? Output.DEFAULT : output;
    }

    public static Recipe of(Op... ops) {
        return new Recipe(List.of(ops), Output.DEFAULT);
    }

    public Recipe with(Output next) {
        return new Recipe(ops, next);
    }

    /** Parses the canonical text form (or any equivalent spelling of it). */
    public static Recipe parse(String text) {
        return RecipeText.parse(text);
    }

    public String canonical() {
        return RecipeText.print(this);
    }

    /** First 16 hex digits of SHA-256 of the canonical form: short, stable, collision-safe per image. */
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return canonical();
    }
}
