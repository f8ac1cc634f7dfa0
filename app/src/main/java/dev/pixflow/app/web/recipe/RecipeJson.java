package dev.pixflow.app.web.recipe;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.recipe.Colour;
import dev.pixflow.core.recipe.MetadataPolicy;
import dev.pixflow.core.recipe.Op;
import dev.pixflow.core.recipe.Output;
import dev.pixflow.core.recipe.OutputFormat;
import dev.pixflow.core.recipe.Recipe;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of a recipe, as {@code POST /v1/images/{id}/renditions} takes it: either
 * {@code recipe}, the text form, or {@code ops} and the output fields. Errors name the field as
 * written here, e.g. {@code ops[1].width} or {@code quality}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecipeJson(String name, String recipe, List<OpJson> ops, String format, Integer quality,
                         Boolean progressive, String chroma, Integer compression, Boolean palette, Boolean lossless,
                         Integer effort, Integer speed, String metadata, String background) {

    public Recipe toRecipe() {
        boolean structured = ops != null || format != null || quality != null || progressive != null || chroma != null
                || compression != null || palette != null || lossless != null || effort != null || speed != null
                || metadata != null || background != null;
        if (recipe != null) {
            if (structured) {
                throw new InvalidInputException("recipe", "give the recipe as text or as ops and output fields, not both");
            }
            return Recipe.parse(recipe);
        }
        List<Op> converted = new ArrayList<>();
        List<OpJson> given = ops == null ? List.of() : ops;
        for (int i = 0; i < given.size(); i++) {
            if (given.get(i) == null) {
                throw new InvalidInputException("ops[" + i + "]", "is not an operation");
            }
            try {
                converted.add(given.get(i).toOp());
            } catch (InvalidInputException e) {
                throw new InvalidInputException("ops[" + i + "]." + e.field(), reason(e));
            }
        }
        return new Recipe(converted, new Output(
                format == null ? null : OutputFormat.fromId("format", format), quality, progressive,
                chroma == null ? null : switch (chroma) {
                    case "444" -> true;
                    case "420" -> false;
                    default -> throw new InvalidInputException("chroma", "is 444 (full colour) or 420 (subsampled)");
                },
                compression, palette, lossless, effort, speed,
                metadata == null ? null : MetadataPolicy.fromId("metadata", metadata),
                background == null ? null : Colour.parse("background", background)));
    }

    /** The JSON form of a recipe, with its text form in {@code recipe}. */
    public static RecipeJson of(String name, Recipe recipe) {
        Output o = recipe.output();
        return new RecipeJson(name, recipe.canonical(), recipe.ops().stream().map(OpJson::of).toList(),
                o.format() == null ? null : o.format().id(), o.quality(), o.progressive(),
                o.chroma444() == null ? null : o.chroma444() ? "444" : "420", o.compression(), o.palette(),
                o.lossless(), o.effort(), o.speed(), o.metadata() == null ? null : o.metadata().id(),
                o.background() == null ? null : o.background().hex());
    }

    private static String reason(InvalidInputException e) {
        String message = e.getMessage();
        int colon = message.indexOf(": ");
        return colon < 0 ? message : message.substring(colon + 2);
    }
}
