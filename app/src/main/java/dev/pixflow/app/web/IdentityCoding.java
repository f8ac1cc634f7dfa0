package dev.pixflow.app.web;

import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RejectedImageException.Reason;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

/**
 * An image's bytes come as they are: a body with a content coding (gzip, br) would be stored as its
 * coded bytes, or refused as no image for a reason the client could not see. It is refused as such (415,
 * RFC 9110 section 8.4.1), before a byte is read.
 */
final class IdentityCoding {
    private IdentityCoding() {
    }

    static void require(HttpServletRequest request) {
        String coding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (coding != null && !coding.isBlank() && !coding.strip().equalsIgnoreCase("identity")) {
            throw new RejectedImageException(Reason.UNSUPPORTED_FORMAT, "the body comes with Content-Encoding " + coding.strip()
                    + "; send the image's own bytes, with no content coding");
        }
    }
}
