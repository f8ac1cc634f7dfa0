package dev.pixflow.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.Visibility;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The metadata a request gives the image it makes, read the same way by every way of making one: the
 * fields of a JSON body (starting a multipart upload, importing a URL) or the parameters of an upload (a
 * form's fields, or a raw body's query). Tags are an array or one comma-separated string; visibility is
 * public unless the request says otherwise; a blank title, description or alt text is none, as an edit
 * that blanks one clears it.
 */
public record ImageMetadataRequest(String title, String description, List<String> tags, Visibility visibility,
                                   String altText) {
    /** The fields it reads. */
    public static final Set<String> FIELDS = Set.of("title", "description", "tags", "visibility", "altText");

    public static ImageMetadataRequest of(JsonNode body) {
        return new ImageMetadataRequest(blankToNull(JsonFields.text(body, "title")),
                blankToNull(JsonFields.text(body, "description")),
                JsonFields.tags(body, "tags"), visibility(JsonFields.text(body, "visibility")),
                blankToNull(JsonFields.text(body, "altText")));
    }

    /** From named parameters; {@code parameter} gives null for one that is absent. */
    public static ImageMetadataRequest of(UnaryOperator<String> parameter) {
        return new ImageMetadataRequest(blankToNull(parameter.apply("title")),
                blankToNull(parameter.apply("description")),
                ImageMetadata.parseTags(parameter.apply("tags")), visibility(parameter.apply("visibility")),
                blankToNull(parameter.apply("altText")));
    }

    /** Checked by the domain's rules (lengths, tag count and shape). */
    public ImageMetadata metadata() {
        return new ImageMetadata(title, description, tags, visibility, altText);
    }

    /** Absent: public, as an image is unless its owner says otherwise. */
    public static Visibility visibility(String text) {
        return text == null || text.isBlank() ? Visibility.PUBLIC : Visibility.parse(text, "visibility");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
