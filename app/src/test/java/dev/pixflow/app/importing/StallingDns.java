package dev.pixflow.app.importing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The tests' name resolution (installed for the test JVM through {@code META-INF/services}): every
 * name as the system resolves it, except those under {@code stalls.test}, whose DNS servers never
 * answer. Such a lookup hangs, as the system resolver does on a server that drops queries, until the
 * thread is interrupted (or a minute has passed).
 */
public final class StallingDns extends InetAddressResolverProvider {
    static final String STALLING_DOMAIN = ".stalls.test";
    /** Lookups of a stalling name begun, and those given up (interrupted) by whoever waited. */
    static final AtomicInteger BEGUN = new AtomicInteger();
    static final AtomicInteger GIVEN_UP = new AtomicInteger();
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver system = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                if (!host.endsWith(STALLING_DOMAIN)) {
                    return system.lookupByName(host, policy);
                }
                BEGUN.incrementAndGet();
                try {
                    NEVER.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    GIVEN_UP.incrementAndGet();
                    Thread.currentThread().interrupt();
                }
                throw new UnknownHostException(host + ": the DNS servers did not answer");
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return system.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "pixflow-tests-stalling-dns";
    }
}
