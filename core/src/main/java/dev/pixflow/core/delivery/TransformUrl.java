package dev.pixflow.core.delivery;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.recipe.OutputFormat;
import dev.pixflow.core.recipe.Recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A transformation URL, {@code /t/{signature}/{options}/{id}[.{ext}]}. The options are a recipe in its
 * text form (the one grammar, {@link Recipe#parse}) plus {@code exp:} (unix seconds), which belongs to
 * the URL rather than to the image and so is kept out of the recipe and of the stored key. An
 * extension names the output format when the options do not ({@code f:} and the extension must agree).
 *
 * @param signedPath what the signature covers: everything after the signature, from its slash on,
 *                   exactly as sent
 */
public record TransformUrl(String signature, String signedPath, Recipe recipe, ImageId id, OptionalLong expires) {
    public static final String PREFIX = "/t/";
    private static final String EXPIRES = "exp:";

    /**
     * What a signature check needs of a transformation URL, read before its options are: a URL whose
     * signature fails is refused (403) whatever its options, expiry or id say, so no stranger learns
     * from the parser's answers, and none of it is parsed for one.
     *
     * @param expires the URL's expiry as far as it reads; a malformed one is refused by {@link #parse}
     *                (no signer makes one, so its signature cannot be valid anyway)
     */
    public record Signed(String signature, String signedPath, OptionalLong expires) {
        /** @throws NotFoundException when the path does not have the shape of a transformation URL */
        public static Signed of(String afterPrefix) {
            String[] parts = parts(afterPrefix);
            OptionalLong expires = OptionalLong.empty();
            for (String option : parts[1].split(",", -1)) {
                String value = option.startsWith(EXPIRES) ? option.substring(EXPIRES.length()) : "";
                if (DeliverySigner.SECONDS.matcher(value).matches()) {
                    expires = OptionalLong.of(Long.parseLong(value));
                    break;
                }
            }
            return new Signed(parts[0], afterPrefix.substring(parts[0].length()), expires);
        }
    }

    /**
     * Parses the part of the request path after {@code /t/}, as sent (not percent-decoded).
     *
     * @throws NotFoundException     when the path does not have the shape of a transformation URL
     * @throws InvalidInputException when an option is bad, naming it
     */
    public static TransformUrl parse(String afterPrefix) {
        String[] parts = parts(afterPrefix);
        String file = parts[2];
        int dot = file.indexOf('.');
        String idText = dot < 0 ? file : file.substring(0, dot);
        ImageId id = ImageId.parse(idText).orElseThrow(() -> new NotFoundException("no image " + idText));
        List<String> recipeOptions = new ArrayList<>();
        OptionalLong expires = OptionalLong.empty();
        for (String option : parts[1].split(",", -1)) {
            if (option.startsWith(EXPIRES)) {
                String value = option.substring(EXPIRES.length());
                if (expires.isPresent()) {
                    throw new InvalidInputException("exp", "is one expiry time in unix seconds");
                }
                expires = OptionalLong.of(DeliverySigner.expiry(value));
            } else if (!option.equals("-")) {
                recipeOptions.add(option);
            }
        }
        Recipe recipe = Recipe.parse(String.join(",", recipeOptions));
        if (dot >= 0) {
            recipe = withExtension(recipe, file.substring(dot + 1));
        }
        return new TransformUrl(parts[0], afterPrefix.substring(parts[0].length()), recipe, id, expires);
    }

    /** The signature, the options and the file of the path. */
    private static String[] parts(String afterPrefix) {
        String[] parts = afterPrefix.split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new NotFoundException("a transformation URL is /t/{signature}/{options}/{id}[.{ext}]");
        }
        return parts;
    }

    private static Recipe withExtension(Recipe recipe, String ext) {
        OutputFormat named = OutputFormat.fromId("ext", ext);
        OutputFormat given = recipe.output().format();
        if (given == null) {
            return recipe.with(recipe.output().withFormat(named));
        }
        if (given != named) {
            throw new InvalidInputException("ext", "." + ext + " contradicts f:" + given.id());
        }
        return recipe;
    }

    /**
     * The canonical path to sign for a recipe of an image: {@code /{canonical options}/{id}}, with
     * {@code exp:} last when the URL expires. A recipe with no option at all is written {@code -}.
     */
    public static String path(ImageId id, Recipe recipe, OptionalLong expires) {
        String options = recipe.canonical();
        if (expires.isPresent()) {
            DeliverySigner.requireExpiry(expires.getAsLong());
            options = (options.isEmpty() ? "" : options + ",") + EXPIRES + expires.getAsLong();
        }
        return "/" + (options.isEmpty() ? "-" : options) + "/" + id;
    }

    /** The whole signed URL path, {@code /t/{signature}{path}}. */
    public static String signed(DeliverySigner signer, String path) {
        return "/t/" + signer.sign(path) + path;
    }
}
