package dev.pixflow.core.delivery;

import dev.pixflow.core.domain.AccessDeniedException;
import dev.pixflow.core.domain.LinkExpiredException;

/**
 * The signature checks of delivery. A transformation URL must carry a valid signature whenever keys
 * are configured (its options are work the server does, so only the site's own pages may ask for
 * them): a bad one is 403, an expired one 410. A request that proves a signed URL that expires
 * may also see a private image, on {@code /t/} and {@code /i/} alike.
 */
public final class DeliveryAccess {
    private final DeliverySigner signer;
    private final ExpiringLinks links;

    public DeliveryAccess(DeliverySigner signer) {
        this.signer = signer;
        this.links = new ExpiringLinks(signer);
    }

    public DeliverySigner signer() {
        return signer;
    }

    public ExpiringLinks links() {
        return links;
    }

    /**
     * Checks a transformation URL before anything is looked up, or its options parsed.
     *
     * @return true when it was signed with a key and expires: it may show a private image
     */
    public boolean checkTransform(TransformUrl.Signed url) {
        DeliverySigner.Verdict verdict = signer.check(url.signature(), url.signedPath(), url.expires());
        refuse(verdict);
        return verdict == DeliverySigner.Verdict.VALID && url.expires().isPresent();
    }

    /**
     * Checks {@code ?exp=&sig=} on {@code /i/} when the request carries them.
     *
     * @return true when it carries a valid, unexpired signed link; false when it carries none
     */
    public boolean checkLink(String path, String exp, String sig) {
        if (exp == null && sig == null) {
            return false;
        }
        refuse(links.check(path, exp, sig));
        return true;
    }

    private static void refuse(DeliverySigner.Verdict verdict) {
        switch (verdict) {
            case BAD_SIGNATURE -> throw new AccessDeniedException("the URL's signature is missing or does not match");
            case EXPIRED -> throw new LinkExpiredException("the URL has expired");
            case VALID, UNSIGNED_ALLOWED -> {
            }
        }
    }
}
