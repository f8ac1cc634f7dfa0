package dev.pixflow.core.delivery;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Signed, expiring links to {@code /i/{id}/{variant}} for private images: {@code ?exp={unix
 * seconds}&sig={signature}}, the signature covering the path and the expiry
 * ({@code {path}?exp={seconds}}), as CloudFront's canned policies do. Anyone holding the link may
 * fetch it until it expires; nobody can make another without the key.
 */
public final class ExpiringLinks {
    private static final Pattern SECONDS = Pattern.compile("\\d{1,12}");

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

    /** Checks the {@code exp} and {@code sig} query parameters sent with {@code path}. */
    public DeliverySigner.Verdict check(String path, String exp, String sig) {
        // An expiry past what an HTTP date can say is no expiry a link of ours has.
        if (exp == null || sig == null || !SECONDS.matcher(exp).matches() || Long.parseLong(exp) > DeliverySigner.LATEST_EXPIRY) {
            return DeliverySigner.Verdict.BAD_SIGNATURE;
        }
        if (!signer.enabled()) {
            // With no key nothing can be signed, so nothing private can be shown.
            return DeliverySigner.Verdict.BAD_SIGNATURE;
        }
        return signer.check(sig, path + "?exp=" + exp, OptionalLong.of(Long.parseLong(exp)));
    }
}
