package dev.pixflow.app.web;

import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RejectedImageException.Reason;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
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
        require(request.getHeader(HttpHeaders.CONTENT_ENCODING), "the body");
    }

    /** The same of a form's file part. */
    static void require(Part file) {
        require(file.getHeader(HttpHeaders.CONTENT_ENCODING), "the file");
    }

    private static void require(String coding, String what) {
        if (coding != null && !coding.isBlank() && !coding.strip().equalsIgnoreCase("identity")) {
            throw new RejectedImageException(Reason.UNSUPPORTED_FORMAT, what + " comes with Content-Encoding " + coding.strip()
                    + "; send the image's own bytes, with no content coding");
        }
    }
}
