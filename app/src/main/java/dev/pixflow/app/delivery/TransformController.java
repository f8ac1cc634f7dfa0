package dev.pixflow.app.delivery;

import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.Role;
import dev.pixflow.core.delivery.DeliveryAccess;
import dev.pixflow.core.delivery.TransformUrl;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.Viewer;
import dev.pixflow.core.usecase.TransformImage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

/**
 * {@code GET /t/{signature}/{options}/{id}[.{ext}]}: an image transformed as the URL says, the way
 * websites ask imgproxy or thumbor for the exact size and format they need. The signature is checked
 * on the path exactly as sent, before anything is looked up. A private image is shown to its owner's
 * key, or through a signed URL that expires ({@code exp:}); to anyone else it does not exist.
 */
@RestController
@ConditionalOnRole(Role.DELIVERY)
public class TransformController {
    private final DeliveryAccess access;
    private final TransformImage transform;
    private final DeliveryResponses responses;

    public TransformController(DeliveryAccess access, TransformImage transform, DeliveryResponses responses) {
        this.access = access;
        this.transform = transform;
        this.responses = responses;
    }

    @GetMapping("/t/{signature}/{options}/{file}")
    public ResponseEntity<Resource> get(Viewer viewer, HttpServletRequest request, HttpServletResponse response,
                                        @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept)
            throws Exception {
        // The raw URI, not Spring's decoded variables: the signature covers the bytes the client sent.
        String path = request.getRequestURI().substring(request.getContextPath().length());
        TransformUrl url = TransformUrl.parse(path.substring(TransformUrl.PREFIX.length()));
        boolean signedToExpire = access.checkTransform(url);
        ImageRecord image = transform.image(url.id(), signedToExpire ? Viewer.signed() : viewer);
        TransformImage.Transformed t = transform.transform(image, url.recipe(), Optional.ofNullable(accept));
        return responses.send(t.delivery(), t.negotiated(), t.temporary(), request, response);
    }
}
