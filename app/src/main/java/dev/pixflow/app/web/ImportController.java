package dev.pixflow.app.importing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.Role;
import dev.pixflow.app.security.Authenticated;
import dev.pixflow.app.security.RateLimits;
import dev.pixflow.app.web.ImageJson;
import dev.pixflow.app.web.ImagesController;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.InvalidInputException;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.usecase.UploadImage;
import dev.pixflow.core.usecase.UploadRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/images} with a JSON body {@code {"url": ...}}: the server fetches the image (public
 * http(s) addresses only, see {@link UrlFetcher}) and then takes exactly the synchronous upload's path,
 * with its limits, checks and answers.
 */
@RestController
@ConditionalOnRole(Role.UPLOAD)
public class ImportController {
    private static final Set<String> FIELDS = Set.of("url", "filename", "title", "description", "tags", "visibility");

    private final UrlFetcher fetcher;
    private final UploadImage upload;
    private final ImagesController images;
    private final RateLimits limits;

    public ImportController(UrlFetcher fetcher, UploadImage upload, ImagesController images, RateLimits limits) {
        this.fetcher = fetcher;
        this.upload = upload;
        this.images = images;
        this.limits = limits;
    }

    @PostMapping(path = "/v1/images", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ImageJson> importByUrl(Caller caller, @RequestBody JsonNode body, HttpServletRequest request)
            throws IOException {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("body", "a JSON object with url and optionally filename, title, description, tags, visibility");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new InvalidInputException(field, "unknown; known: " + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        ImageMetadata metadata = new ImageMetadata(text(body, "title"), text(body, "description"), tags(body),
                ImagesController.visibility(text(body, "visibility")));
        String url = text(body, "url");
        if (url == null) {
            throw new InvalidInputException("url", "the http(s) URL of the image to import");
        }
        ImageRecord record;
        try (UrlFetcher.Fetched fetched = fetcher.fetch(url)) {
            if (fetched.contentLength() > upload.maxBytes()) {
                throw new RejectedImageException(RejectedImageException.Reason.TOO_LARGE,
                        "the image is " + fetched.contentLength() + " bytes, over the limit of " + upload.maxBytes());
            }
            String filename = text(body, "filename") != null ? text(body, "filename") : lastSegment(fetched.finalUrl());
            record = upload.upload(new UploadRequest(fetched.body(), fetched.contentType(), filename, metadata, caller.owner()));
        }
        Authenticated.of(request).flatMap(Authenticated::keyId).ifPresent(key -> limits.chargeBytes(key, record.bytes()));
        return images.created(record);
    }

    private static String lastSegment(java.net.URI url) {
        String path = url.getPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return null;
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidInputException(field, "must be a string");
        }
        return v.asText();
    }

    private static List<String> tags(JsonNode body) {
        JsonNode v = body.get("tags");
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (v.isTextual()) {
            return ImageMetadata.parseTags(v.asText());
        }
        if (!v.isArray()) {
            throw new InvalidInputException("tags", "must be an array of strings or a comma-separated string");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode t : v) {
            if (!t.isTextual()) {
                throw new InvalidInputException("tags", "must be an array of strings");
            }
            out.add(t.asText());
        }
        return out;
    }
}
