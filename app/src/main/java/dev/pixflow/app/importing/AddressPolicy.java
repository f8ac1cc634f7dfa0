package dev.pixflow.app.importing;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses an import may connect to: the public internet only. The JDK names most of what is
 * not (loopback, link-local, private, multicast, the unspecified address); this adds what it does
 * not know (carrier-grade NAT, unique-local IPv6, reserved and special-purpose ranges), looks inside
 * IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4), and refuses the cloud metadata services
 * whatever the settings say. Loopback may be allowed, for tests and development only.
 */
public final class AddressPolicy {
    /** Why an address is refused; the id is what a problem document's {@code reason} says. */
    public enum Refusal {
        METADATA("metadata"), LOOPBACK("loopback"), LINK_LOCAL("link-local"), PRIVATE("private"), CGNAT("cgnat"),
        UNIQUE_LOCAL("unique-local"), MULTICAST("multicast"), UNSPECIFIED("unspecified"), RESERVED("reserved");

        private final String id;

        Refusal(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** The kind of address, with its article: "a private address", "an unspecified address". */
        public String address() {
            return ("aeiou".indexOf(id.charAt(0)) >= 0 ? "an " : "a ") + id + " address";
        }
    }

    /** Instance metadata services (AWS, GCP, Azure, OpenStack; AWS over IPv6; ECS task metadata; Alibaba). */
    private static final List<InetAddress> METADATA = List.of(literal("169.254.169.254"), literal("fd00:ec2::254"),
            literal("169.254.170.2"), literal("100.100.100.200"));

    private final boolean allowLoopback;

    public AddressPolicy(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /** Empty when an import may connect to {@code address}; otherwise why not. */
    public Optional<Refusal> check(InetAddress address) {
        if (METADATA.contains(address)) {
            return Optional.of(Refusal.METADATA);
        }
        if (address instanceof Inet6Address v6) {
            Optional<Inet4Address> embedded = embeddedIpv4(v6.getAddress());
            if (embedded.isPresent()) {
                return check(embedded.get());
            }
        }
        if (address.isLoopbackAddress()) {
            return allowLoopback ? Optional.empty() : Optional.of(Refusal.LOOPBACK);
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of(Refusal.UNSPECIFIED);
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of(Refusal.LINK_LOCAL);
        }
        if (address.isMulticastAddress()) {
            return Optional.of(Refusal.MULTICAST);
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of(Refusal.PRIVATE);
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4(b);
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return Optional.of(Refusal.UNIQUE_LOCAL);
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) {
            return Optional.of(Refusal.RESERVED);   // 2001:db8::/32, documentation
        }
        if (b[0] == 0x01 && b[1] == 0x00 && allZero(b, 2, 8)) {
            return Optional.of(Refusal.RESERVED);   // 100::/64, discard
        }
        return Optional.empty();
    }

    private static Optional<Refusal> ipv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 0) {
            return Optional.of(Refusal.UNSPECIFIED);                         // 0.0.0.0/8, "this network"
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return Optional.of(Refusal.CGNAT);                               // 100.64.0.0/10
        }
        if (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) {
            return Optional.of(Refusal.RESERVED);                            // 192.0.0.0/24, 192.0.2.0/24
        }
        if ((a0 == 198 && (a1 == 18 || a1 == 19)) || (a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return Optional.of(Refusal.RESERVED);                            // benchmarking, documentation
        }
        if (a0 >= 240) {
            return Optional.of(Refusal.RESERVED);                            // 240.0.0.0/4 and broadcast
        }
        return Optional.empty();
    }

    /**
     * The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16)
     * address. A literal {@code ::ffff:a.b.c.d} is made an IPv4 address by the JDK, but a DNS answer (an
     * AAAA record) of that form stays an IPv6 address, which a dual-stack socket connects to as IPv4.
     */
    private static Optional<Inet4Address> embeddedIpv4(byte[] b) {
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return Optional.of(v4(b, 12));                                   // ::ffff:a.b.c.d
        }
        if (allZero(b, 0, 12) && !allZero(b, 12, 16) && !(allZero(b, 12, 15) && b[15] == 1)) {
            return Optional.of(v4(b, 12));                                   // ::a.b.c.d (not ::1)
        }
        if (b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12)) {
            return Optional.of(v4(b, 12));
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return Optional.of(v4(b, 2));
        }
        return Optional.empty();
    }

    private static Inet4Address v4(byte[] b, int from) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[]{b[from], b[from + 1], b[from + 2], b[from + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
