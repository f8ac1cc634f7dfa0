package dev.pixflow.app.importing;

import dev.pixflow.app.importing.AddressPolicy.Refusal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The address classifier over many addresses, as literals (no lookup is made). */
class AddressPolicyTest {
    private static final AddressPolicy STRICT = new AddressPolicy(false);
    private static final AddressPolicy LOOPBACK_ALLOWED = new AddressPolicy(true);

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "169.254.169.254, METADATA", "fd00:ec2::254, METADATA", "169.254.170.2, METADATA", "100.100.100.200, METADATA",
            "::ffff:169.254.169.254, METADATA", "64:ff9b::a9fe:a9fe, METADATA",
            "127.0.0.1, LOOPBACK", "127.1.2.3, LOOPBACK", "::1, LOOPBACK", "::ffff:127.0.0.1, LOOPBACK",
            "0.0.0.0, UNSPECIFIED", "0.1.2.3, UNSPECIFIED", "::, UNSPECIFIED",
            "169.254.1.1, LINK_LOCAL", "fe80::1, LINK_LOCAL",
            "10.0.0.1, PRIVATE", "10.255.255.255, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.254, PRIVATE",
            "192.168.1.1, PRIVATE", "::ffff:10.1.2.3, PRIVATE", "2002:c0a8:0101::1, PRIVATE", "64:ff9b::0a00:0001, PRIVATE",
            "100.64.0.1, CGNAT", "100.127.255.254, CGNAT",
            "fc00::1, UNIQUE_LOCAL", "fd12:3456:789a::1, UNIQUE_LOCAL",
            "224.0.0.1, MULTICAST", "239.255.255.250, MULTICAST", "ff02::1, MULTICAST",
            "240.0.0.1, RESERVED", "255.255.255.255, RESERVED", "192.0.2.10, RESERVED", "198.18.0.1, RESERVED",
            "198.51.100.7, RESERVED", "203.0.113.9, RESERVED", "192.0.0.8, RESERVED", "2001:db8::1, RESERVED",
    })
    void refused(String address, Refusal why) throws Exception {
        assertThat(STRICT.check(InetAddress.ofLiteral(address))).contains(why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.15.255.255",
            "172.32.0.1", "192.169.0.1", "11.0.0.1", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e",
            "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:0808:0808::1"})
    void publicAddressesAreAllowed(String address) {
        assertThat(STRICT.check(InetAddress.ofLiteral(address))).isEmpty();
    }

    /**
     * A DNS answer of {@code ::ffff:a.b.c.d} (an AAAA record) reaches the policy as an IPv6 address, not
     * turned into IPv4 as a literal is; a dual-stack socket would connect to the IPv4 address inside.
     */
    @ParameterizedTest(name = "::ffff:{0} looked up is {1}")
    @CsvSource({"127.0.0.1, LOOPBACK", "169.254.169.254, METADATA", "10.1.2.3, PRIVATE", "100.64.0.1, CGNAT",
            "0.0.0.0, UNSPECIFIED", "192.0.2.10, RESERVED"})
    void mappedAddressesFromALookupAreJudgedByTheirIpv4(String ipv4, Refusal why) throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(InetAddress.ofLiteral(ipv4).getAddress(), 0, mapped, 12, 4);
        InetAddress answer = Inet6Address.getByAddress("mapped.example", mapped, null);
        assertThat(answer).isInstanceOf(Inet6Address.class);
        assertThat(STRICT.check(answer)).contains(why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "127.0.0.53"})
    void loopbackMayBeAllowedForTests(String address) {
        assertThat(LOOPBACK_ALLOWED.check(InetAddress.ofLiteral(address))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "fd00:ec2::254", "10.0.0.1", "192.168.0.1", "fe80::1", "100.64.0.1"})
    void allowingLoopbackAllowsNothingElse(String address) {
        assertThat(LOOPBACK_ALLOWED.check(InetAddress.ofLiteral(address))).isNotEqualTo(Optional.empty());
    }
}
