package dev.pixflow.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.Role;
import dev.pixflow.app.importing.UrlFetcher;
import dev.pixflow.app.security.Authenticated;
import dev.pixflow.app.security.RateLimits;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.usecase.UploadImage;
import dev.pixflow.core.usecase.UploadRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.Set;

/**
 * {@code POST /v1/images} with a JSON body {@code {"url": ...}}: the server fetches the image (public
 * http(s) addresses only, see {@link UrlFetcher}) and then takes exactly the synchronous upload's path,
 * with its limits, checks and answers.
 */
@RestController
@ConditionalOnRole(Role.UPLOAD)
public class ImportController {
    private static final Set<String> FIELDS = RequestBodies.fields(RequestBodies.ImportByUrlBody.class);

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

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping(path = "/v1/images", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ImageJson> importByUrl(Caller caller, @RequestBody JsonNode body, HttpServletRequest request)
            throws IOException {
        JsonFields.object(body, FIELDS,
                "a JSON object with url and optionally filename, title, description, tags, visibility, altText");
        ImageMetadata metadata = ImageMetadataRequest.of(body).metadata();
        String url = JsonFields.text(body, "url");
        if (url == null) {
            throw new InvalidInputException("url", "the http(s) URL of the image to import");
        }
        ImageRecord record;
        // Every byte fetched counts toward the key's bytes a minute, also of an import refused after reading.
        UrlFetcher.Fetched fetched = fetcher.fetch(url);
        try (fetched) {
            if (fetched.contentLength() > upload.maxBytes()) {
                throw new RejectedImageException(RejectedImageException.Reason.TOO_LARGE,
                        "the image is " + fetched.contentLength() + " bytes, over the limit of " + upload.maxBytes());
            }
            String filename = JsonFields.text(body, "filename") != null ? JsonFields.text(body, "filename")
                    : lastSegment(fetched.finalUrl());
            record = upload.upload(new UploadRequest(fetched.body(), fetched.contentType(), filename, metadata, caller.owner()));
        } finally {
            Authenticated.of(request).flatMap(Authenticated::keyId).ifPresent(key -> limits.chargeBytes(key, fetched.bytesRead()));
        }
        return images.created(record, caller);
    }

    private static String lastSegment(java.net.URI url) {
        String path = url.getPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return null;
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
