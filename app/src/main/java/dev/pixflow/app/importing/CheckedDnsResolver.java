package dev.pixflow.app.importing;

import org.apache.hc.client5.http.DnsResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves a host for the import client and refuses it unless every address it has is allowed. The
 * client connects to the addresses returned here and to no others, so the address checked is the
 * address used: no second lookup for a rebinding DNS server to answer differently.
 */
final class CheckedDnsResolver implements DnsResolver {
    private final AddressPolicy policy;

    CheckedDnsResolver(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
            policy.check(address).ifPresent(refusal -> {
                // Not which address: a caller would learn the inside of the network from names it tries.
                throw new UrlRefusedException(refusal.id(), host + " resolves to " + refusal.address()
                        + "; imports fetch from public addresses only");
            });
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}
