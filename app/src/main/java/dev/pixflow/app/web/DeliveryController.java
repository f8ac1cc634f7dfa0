package dev.pixflow.app.web;

import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.Role;
import dev.pixflow.core.domain.Viewer;
import dev.pixflow.core.usecase.DeliverImage;
import dev.pixflow.core.usecase.Delivery;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.TimeUnit;

/**
 * {@code /i/{id}/{variant}}: the bytes, with the validators a CDN needs. Spring answers If-None-Match
 * with 304 and Range with 206 from the ETag and the Resource returned here.
 */
@RestController
@ConditionalOnRole(Role.DELIVERY)
public class DeliveryController {
    /** Ids are never reused and a variant's bytes change only with its recipe, which changes its key. */
    private static final CacheControl IMMUTABLE = CacheControl.maxAge(365, TimeUnit.DAYS).cachePublic().immutable();

    private final DeliverImage deliver;

    public DeliveryController(DeliverImage deliver) {
        this.deliver = deliver;
    }

    @GetMapping("/i/{id}/{variant}")
    public ResponseEntity<Resource> get(Viewer viewer, @PathVariable String id, @PathVariable String variant) throws Exception {
        Delivery d = deliver.deliver(ImagesController.parseId(id), variant, viewer);
        Resource body = d.blob().localFile()
                .<Resource>map(FileSystemResource::new)
                .orElseGet(() -> new BlobResource(deliver, d));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(d.mediaType()))
                .contentLength(d.blob().size())
                .eTag("\"" + d.etag() + "\"")
                .lastModified(d.lastModified())
                .cacheControl(IMMUTABLE)
                .header("X-Content-Type-Options", "nosniff")
                .body(body);
    }

}
