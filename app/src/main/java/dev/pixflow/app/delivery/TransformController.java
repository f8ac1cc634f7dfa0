package dev.pixflow.app.delivery;

import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.Role;
import dev.pixflow.core.delivery.TransformUrl;
import dev.pixflow.core.domain.Viewer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /t/{signature}/{options}/{id}[.{ext}]}: an image transformed as the URL says, the way
 * websites ask imgproxy or thumbor for the exact size and format they need. The signature is checked
 * on the path exactly as sent, before anything is looked up. A private image is shown to its owner's
 * key, or through a signed URL that expires ({@code exp:}); to anyone else it does not exist. The
 * checked URL and the stored result are kept ({@link DeliveryLookups}), so a stored result is a read
 * from memory, answered by {@link DeliveryFastPath} before this controller.
 */
@RestController
@ConditionalOnRole(Role.DELIVERY)
public class TransformController {
    private final DeliveryLookups lookups;
    private final DeliveryResponses responses;

    public TransformController(DeliveryLookups lookups, DeliveryResponses responses) {
        this.lookups = lookups;
        this.responses = responses;
    }

    @GetMapping("/t/{signature}/{options}/{file}")
    public ResponseEntity<Resource> get(Viewer viewer, HttpServletRequest request, HttpServletResponse response,
                                        @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept)
            throws Exception {
        // The raw URI, not Spring's decoded variables: the signature covers the bytes the client sent.
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String afterPrefix = path.substring(TransformUrl.PREFIX.length());
        DeliveryLookups.CheckedUrl url = lookups.check(afterPrefix);
        Answer answer = lookups.transform(url, afterPrefix, viewer, accept);
        responses.send(answer, answer.found().caching(url.viewer(viewer), url.url().expires()), request, response);
        // Written to the response: nothing for Spring to write.
        return null;
    }
}
