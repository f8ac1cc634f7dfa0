package dev.pixflow.app.web;

import dev.pixflow.core.domain.PartChecksum;
import dev.pixflow.core.media.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Enumeration;
import java.util.Optional;

/** The digest a client sends with the bytes of a part or of a raw upload: Content-MD5 or x-checksum-sha256 (base64), as S3 takes them. */
final class ChecksumHeaders {
    static final String MD5 = "Content-MD5";
    static final String SHA256 = "x-checksum-sha256";

    private ChecksumHeaders() {
    }

    static Optional<PartChecksum> of(HttpServletRequest request) {
        String md5 = single(request, MD5);
        String sha = single(request, SHA256);
        if (md5 != null && sha != null) {
            throw new InvalidInputException(SHA256, "send one checksum header, Content-MD5 or x-checksum-sha256");
        }
        if (md5 != null) {
            return Optional.of(PartChecksum.parse(PartChecksum.Algorithm.MD5, md5, MD5));
        }
        return Optional.ofNullable(sha).map(s -> PartChecksum.parse(PartChecksum.Algorithm.SHA256, s, SHA256));
    }

    /** The header's one value, or null; sent twice, which one counts would be a guess (the first passed unchecked). */
    private static String single(HttpServletRequest request, String header) {
        Enumeration<String> values = request.getHeaders(header);
        String first = values.hasMoreElements() ? values.nextElement() : null;
        if (values.hasMoreElements()) {
            throw new InvalidInputException(header, "send one " + header + " header, not several");
        }
        return first;
    }
}
