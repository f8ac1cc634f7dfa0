package dev.pixflow.core.delivery;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * Signed, expiring links to {@code /i/{id}/{variant}} for private images: {@code ?exp={unix
 * seconds}&sig={signature}}, the signature covering the path and the expiry
 * ({@code {path}?exp={seconds}}), as CloudFront's canned policies do. Anyone holding the link may
 * fetch it until it expires; nobody can make another without the key.
 */
public final class ExpiringLinks {
    private final DeliverySigner signer;

    public ExpiringLinks(DeliverySigner signer) {
        this.signer = signer;
    }

    public DeliverySigner signer() {
        return signer;
    }

    /** {@code path?exp=...&sig=...}. */
    public String sign(String path, Instant expires) {
        DeliverySigner.requireExpiry(expires.getEpochSecond());
        String signed = path + "?exp=" + expires.getEpochSecond();
        return signed + "&sig=" + signer.sign(signed);
    }

    /**
     * Checks the {@code exp} and {@code sig} query parameters sent with {@code path}.
     *
     * @throws dev.pixflow.core.media.InvalidInputException when a correctly signed {@code exp} is no
     *                                                      expiry (a 400, as in a transformation URL)
     */
    public DeliverySigner.Verdict check(String path, String exp, String sig) {
        // With no key nothing can be signed, so nothing private can be shown.
        if (exp == null || sig == null || !signer.enabled()) {
            return DeliverySigner.Verdict.BAD_SIGNATURE;
        }
        String signed = path + "?exp=" + exp;
        // The signature first, as in a transformation URL: a link that is not ours learns nothing more.
        if (signer.check(sig, signed, OptionalLong.empty()) != DeliverySigner.Verdict.VALID) {
            return DeliverySigner.Verdict.BAD_SIGNATURE;
        }
        return signer.check(sig, signed, OptionalLong.of(DeliverySigner.expiry(exp)));
    }
}
