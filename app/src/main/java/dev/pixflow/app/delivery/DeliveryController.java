package dev.pixflow.app.delivery;

import dev.pixflow.app.config.ConditionalOnRole;
import dev.pixflow.app.config.Role;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.delivery.DeliveryAccess;
import dev.pixflow.core.domain.Viewer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.OptionalLong;

/**
 * {@code /i/{id}/{variant}}: the bytes, with the validators a CDN needs (304, Range), sent from memory,
 * by sendfile or streamed ({@link DeliveryResponses}). A private image is shown to its owner's key, or
 * to a signed, expiring link ({@code ?exp=&sig=}, checked here: a bad one is 403, an expired one 410),
 * which a cache may keep until it expires; what the owner's key opened is for that viewer only.
 * Lookups come from {@link DeliveryLookups}, so a hot rendition costs no store query.
 */
@RestController
@ConditionalOnRole(Role.DELIVERY)
public class DeliveryController {
    private final DeliveryLookups lookups;
    private final DeliveryAccess access;
    private final DeliveryResponses responses;

    public DeliveryController(DeliveryLookups lookups, DeliveryAccess access, DeliveryResponses responses) {
        this.lookups = lookups;
        this.access = access;
        this.responses = responses;
    }

    @GetMapping("/i/{id}/{variant}")
    public ResponseEntity<Resource> get(Viewer viewer, @PathVariable String id, @PathVariable String variant,
                                        @RequestParam(required = false) String exp,
                                        @RequestParam(required = false) String sig,
                                        HttpServletRequest request, HttpServletResponse response) throws Exception {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean signed = access.checkLink(path, exp, sig);
        Viewer who = signed ? Viewer.signed() : viewer;
        Answer answer = lookups.image(ImageId.parse(id).orElseThrow(() -> new NotFoundException("no image " + id)), variant, who);
        OptionalLong expires = signed ? OptionalLong.of(Long.parseLong(exp)) : OptionalLong.empty();
        responses.send(answer, answer.found().caching(who, expires), request, response);
        // Written to the response: nothing for Spring to write.
        return null;
    }
}
