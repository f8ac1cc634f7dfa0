package dev.pixflow.core.delivery;

import dev.pixflow.core.delivery.DeliverySigner.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliverySignerTest {
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final SigningKey OLD = SigningKey.hex("736563726574", "68656C6C6F");
    static final SigningKey NEW = SigningKey.hex("a1b2c3d4e5f60718293a4b5c6d7e8f90", "0f1e2d3c");

    @Test
    void signsAsImgproxyDoes() {
        // The worked example of imgproxy's documentation: key "secret", salt "hello".
        DeliverySigner signer = new DeliverySigner(List.of(OLD), CLOCK);
        String path = "/rs:fill:300:400:0/g:sm/aHR0cDovL2V4YW1w/bGUuY29tL2ltYWdl/cy9jdXJpb3NpdHku/anBn.png";
        assertThat(signer.sign(path)).isEqualTo("oKfUtW34Dvo2BGQehJFR4Nr0_rIjOtdtzJ3QFsUcXH8");
        assertThat(signer.check("oKfUtW34Dvo2BGQehJFR4Nr0_rIjOtdtzJ3QFsUcXH8", path, OptionalLong.empty()))
                .isEqualTo(Verdict.VALID);
    }

    @Test
    void aTamperedPathOrSignatureIsRefused() {
        DeliverySigner signer = new DeliverySigner(List.of(NEW), CLOCK);
        String path = "/w:300,h:200,f:webp/019a4f6e-8a1c-7b3e-9c2d-5e8f7a6b4c3d";
        String sig = signer.sign(path);
        assertThat(signer.check(sig, path.replace("w:300", "w:3000"), OptionalLong.empty())).isEqualTo(Verdict.BAD_SIGNATURE);
        String flipped = (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1);
        assertThat(signer.check(flipped, path, OptionalLong.empty())).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(signer.check("not base64!", path, OptionalLong.empty())).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(signer.check("_", path, OptionalLong.empty())).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(signer.check("unsafe", path, OptionalLong.empty())).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    /** A signature has one spelling, so a CDN keeps one copy of each answer: padded or with other spare bits is refused. */
    @Test
    void onlyTheSignaturesOwnSpellingIsAccepted() {
        DeliverySigner signer = new DeliverySigner(List.of(NEW), CLOCK);
        String path = "/w:300/019a4f6e-8a1c-7b3e-9c2d-5e8f7a6b4c3d";
        String sig = signer.sign(path);
        assertThat(signer.check(sig, path, OptionalLong.empty())).isEqualTo(Verdict.VALID);
        assertThat(signer.check(sig + "=", path, OptionalLong.empty())).isEqualTo(Verdict.BAD_SIGNATURE);
        // 43 characters carry 258 bits for a 256-bit MAC: the last one's two spare bits changed decode alike.
        char last = sig.charAt(sig.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char spare = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String respelt = sig.substring(0, sig.length() - 1) + spare;
        assertThat(java.util.Base64.getUrlDecoder().decode(respelt)).isEqualTo(java.util.Base64.getUrlDecoder().decode(sig));
        assertThat(signer.check(respelt, path, OptionalLong.empty())).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void expiryIsReadFromTheClock() {
        DeliverySigner signer = new DeliverySigner(List.of(NEW), CLOCK);
        String path = "/w:300,exp:" + NOW.getEpochSecond() + "/019a4f6e-8a1c-7b3e-9c2d-5e8f7a6b4c3d";
        String sig = signer.sign(path);
        assertThat(signer.check(sig, path, OptionalLong.of(NOW.getEpochSecond()))).isEqualTo(Verdict.VALID);
        DeliverySigner later = new DeliverySigner(List.of(NEW), Clock.offset(CLOCK, java.time.Duration.ofSeconds(1)));
        assertThat(later.check(sig, path, OptionalLong.of(NOW.getEpochSecond()))).isEqualTo(Verdict.EXPIRED);
        // A forged signature is refused as such, expired or not: the expiry says nothing without the key.
        assertThat(later.check("AAAA", path, OptionalLong.of(NOW.getEpochSecond()))).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void duringRotationBothKeysAreAcceptedAndTheFirstSigns() {
        String path = "/w:64/019a4f6e-8a1c-7b3e-9c2d-5e8f7a6b4c3d";
        String signedWithOld = new DeliverySigner(List.of(OLD), CLOCK).sign(path);
        DeliverySigner rotating = new DeliverySigner(List.of(NEW, OLD), CLOCK);
        assertThat(rotating.check(signedWithOld, path, OptionalLong.empty())).isEqualTo(Verdict.VALID);
        assertThat(rotating.sign(path)).isEqualTo(new DeliverySigner(List.of(NEW), CLOCK).sign(path));
        DeliverySigner retired = new DeliverySigner(List.of(NEW), CLOCK);
        assertThat(retired.check(signedWithOld, path, OptionalLong.empty())).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void withoutKeysUnsignedUrlsAreAllowedButExpiryStillHolds() {
        DeliverySigner dev = DeliverySigner.unsigned(CLOCK);
        assertThat(dev.enabled()).isFalse();
        assertThat(dev.check("_", "/w:1/x", OptionalLong.empty())).isEqualTo(Verdict.UNSIGNED_ALLOWED);
        assertThat(dev.check("_", "/w:1/x", OptionalLong.of(NOW.getEpochSecond() - 1))).isEqualTo(Verdict.EXPIRED);
    }

    @Test
    void expiringLinksCoverPathAndExpiry() {
        ExpiringLinks links = new ExpiringLinks(new DeliverySigner(List.of(NEW), CLOCK));
        String path = "/i/019a4f6e-8a1c-7b3e-9c2d-5e8f7a6b4c3d/thumb";
        String link = links.sign(path, NOW.plusSeconds(60));
        String exp = link.replaceAll(".*exp=(\\d+).*", "$1");
        String sig = link.replaceAll(".*sig=([A-Za-z0-9_-]+).*", "$1");
        assertThat(links.check(path, exp, sig)).isEqualTo(Verdict.VALID);
        assertThat(links.check(path, Long.toString(Long.parseLong(exp) + 3600), sig)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(links.check(path.replace("thumb", "original"), exp, sig)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(links.check(path, null, sig)).isEqualTo(Verdict.BAD_SIGNATURE);
        // Past the year 9999 no Expires header can say it: not made, and not taken when made by hand.
        assertThatThrownBy(() -> links.sign(path, java.time.Instant.ofEpochSecond(999_999_999_999L)))
                .isInstanceOf(IllegalArgumentException.class);
        // An exp that is no expiry is refused as such (400 `exp`), as in a transformation URL, even signed.
        for (String bad : List.of("999999999999", "-1", "abc", "+60", "")) {
            String signed = links.signer().sign(path + "?exp=" + bad);
            assertThatThrownBy(() -> links.check(path, bad, signed)).as(bad)
                    .isInstanceOfSatisfying(dev.pixflow.core.media.InvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("exp"));
            assertThat(links.check(path, bad, sig)).as("not signed with it").isEqualTo(Verdict.BAD_SIGNATURE);
        }
        ExpiringLinks later = new ExpiringLinks(new DeliverySigner(List.of(NEW), Clock.offset(CLOCK, java.time.Duration.ofSeconds(61))));
        assertThat(later.check(path, exp, sig)).isEqualTo(Verdict.EXPIRED);
    }

    @Test
    void keysNeverPrint() {
        assertThat(NEW.toString()).doesNotContain("a1b2");
    }
}
