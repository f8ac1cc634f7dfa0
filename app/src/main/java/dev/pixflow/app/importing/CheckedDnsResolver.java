package dev.pixflow.app.importing;

import org.apache.hc.client5.http.DnsResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves a host for the import client and refuses it unless every address it has is allowed. The
 * client connects to the addresses returned here and to no others, so the address checked is the
 * address used: no second lookup for a rebinding DNS server to answer differently.
 *
 * <p>A lookup gets as long as a connection does, and no more. The system resolver has no timeout of its own
 * short of its configuration's (tries times servers times seconds), cannot be interrupted, and the
 * fetch's deadline cannot cancel a connection that is not made yet: a name whose DNS servers never
 * answer would hold the request past its deadline. So the lookup runs on a thread of its own, and a
 * lookup that outlives its wait is left to finish there, on one of at most {@code maxLookups} threads.
 */
final class CheckedDnsResolver implements DnsResolver {
    private final AddressPolicy policy;
    private final Duration wait;
    private final ThreadPoolExecutor lookups;

    CheckedDnsResolver(AddressPolicy policy, Duration wait, int maxLookups) {
        this.policy = policy;
        this.wait = wait;
        this.lookups = new ThreadPoolExecutor(0, maxLookups, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                Thread.ofPlatform().daemon().name("pixflow-import-dns-", 0).factory());
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = lookUp(host);
        for (InetAddress address : addresses) {
            policy.check(address).ifPresent(refusal -> {
                // Not which address: a caller would learn the inside of the network from names it tries.
                throw new UrlRefusedException(refusal.id(), host + " resolves to " + refusal.address()
                        + "; imports fetch from public addresses only");
            });
        }
        return addresses;
    }

    private InetAddress[] lookUp(String host) throws UnknownHostException {
        Future<InetAddress[]> lookup;
        try {
            lookup = lookups.submit(() -> InetAddress.getAllByName(host));
        } catch (RejectedExecutionException busy) {
            throw new UnknownHostException(host + ": too many name lookups waiting for their DNS servers");
        }
        try {
            return lookup.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new UnknownHostException(host + ": no answer from DNS within " + wait.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            throw new UnknownHostException(host + ": " + e.getCause());
        } catch (InterruptedException e) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw new UnknownHostException(host + ": interrupted while looking it up");
        }
    }

    /** The lookups left running, not waited for: the process is stopping. */
    void close() {
        lookups.shutdownNow();
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}
