package dev.pixflow.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code pixflow.security.*}.
 *
 * @param open   serve without API keys on an address other than loopback (everyone who can reach the
 *               server may do everything): for a server behind something else that authenticates; it also
 *               lifts the open server's refusal of other names than localhost and of changes from other sites
 * @param limits per-key rate limits and the per-owner storage quota; 0 turns one off
 */
@ConfigurationProperties("pixflow.security")
public record SecurityProperties(@DefaultValue("false") boolean open, @DefaultValue Limits limits) {

    /**
     * @param uploadsPerMinute uploads started a minute by one key (synchronous, by URL, or in parts)
     * @param bytesPerMinute   bytes uploaded a minute by one key (bodies and parts)
     * @param storedBytes      bytes of originals and asked-for renditions one owner may keep, counted over every
     *                         process in the catalogue database; an upload that would pass it is refused whole,
     *                         and a rendition asked for once past it (413 {@code quota-exceeded})
     */
    public record Limits(@DefaultValue("120") long uploadsPerMinute, @DefaultValue("2GB") DataSize bytesPerMinute,
                         @DefaultValue("0B") DataSize storedBytes) {
        public Limits {
            // 0 turns a limit off; a negative one would too, unsaid.
            if (uploadsPerMinute < 0 || bytesPerMinute.isNegative() || storedBytes.isNegative()) {
                throw new IllegalArgumentException("pixflow.security.limits.* are 0 (no limit) or more; got uploads-per-minute="
                        + uploadsPerMinute + ", bytes-per-minute=" + bytesPerMinute + ", stored-bytes=" + storedBytes);
            }
        }
    }
}
