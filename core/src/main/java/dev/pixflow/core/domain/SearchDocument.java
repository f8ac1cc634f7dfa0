package dev.pixflow.core.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of one image as the stores index them, in three classes that {@link Relevance} weighs:
 * what its owner chose to call it (title, tags), what it shows in sentences (description, alt text),
 * and what came with it (file name, text drawn on its renditions, camera make and model).
 */
public record SearchDocument(String named, String described, String incidental) {

    public static SearchDocument of(ImageRecord image) {
        List<String> named = new ArrayList<>();
        named.add(image.metadata().title());
        named.addAll(image.tags());
        List<String> incidental = new ArrayList<>();
        incidental.add(image.filename());
        incidental.addAll(image.overlayTexts());
        incidental.add(image.exif().cameraMake());
        incidental.add(image.exif().cameraModel());
        return new SearchDocument(SearchText.joined(named),
                SearchText.joined(nonNull(image.metadata().description(), image.metadata().altText())),
                SearchText.joined(nonNull(incidental.toArray(String[]::new))));
    }

    private static List<String> nonNull(String... texts) {
        List<String> out = new ArrayList<>();
        for (String t : texts) {
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }
}
