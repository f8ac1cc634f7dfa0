package dev.pixflow.core.usecase;

import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.MultipartRejectedException;
import dev.pixflow.core.domain.MultipartRejectedException.Reason;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.NotFoundException;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadState;
import dev.pixflow.core.port.MultipartUploadStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The one rule for finding an upload: an expired one is gone, whether or not the reaper has run yet,
 * and so is another owner's.
 */
final class UploadLookup {
    private final MultipartUploadStore uploads;
    private final Clock clock;

    UploadLookup(MultipartUploadStore uploads, Clock clock) {
        this.uploads = uploads;
        this.clock = clock;
    }

    MultipartUpload require(Caller caller, UploadId id) {
        return uploads.find(id).filter(caller::owns).filter(u -> !u.expiredAt(clock.instant()))
                .orElseThrow(() -> new NotFoundException("no upload " + id + " (unknown, expired or aborted)"));
    }

    MultipartUpload requireOpen(Caller caller, UploadId id) {
        MultipartUpload upload = require(caller, id);
        if (upload.state() != UploadState.OPEN) {
            throw notOpen(upload);
        }
        return upload;
    }

    /** After a compare-and-set lost a race: the precise reason, read again. */
    RuntimeException whyNotOpen(Caller caller, UploadId id) {
        MultipartUpload upload = require(caller, id);
        return upload.state() == UploadState.OPEN
                ? new IllegalStateException("upload " + id + " is open but the change was refused")
                : notOpen(upload);
    }

    /** A completion another request holds says when its lease runs out: a complete sent then takes it over. */
    MultipartRejectedException notOpen(MultipartUpload upload) {
        Instant now = clock.instant();
        OptionalLong retryAfter = upload.state() == UploadState.COMPLETING && upload.completingUntil().isPresent()
                ? OptionalLong.of(Math.max(1, Duration.between(now, upload.completingUntil().get()).toSeconds() + 1))
                : OptionalLong.empty();
        return new MultipartRejectedException(Reason.UPLOAD_NOT_OPEN, switch (upload.state()) {
            case COMPLETING -> "upload " + upload.id() + " is being completed by another request"
                    + (retryAfter.isPresent() ? "; if that request is gone, a complete sent in "
                    + retryAfter.getAsLong() + " s takes it over" : "");
            case COMPLETED -> "upload " + upload.id() + " is already completed as image "
                    + upload.image().map(Object::toString).orElse("?");
            case OPEN -> "upload " + upload.id() + " is open";
        }, retryAfter);
    }
}
