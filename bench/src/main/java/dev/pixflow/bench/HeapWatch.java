package dev.pixflow.bench;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's heap over a run, read over JMX: each heap pool's peak (the JVM's own high-water mark,
 * reset at the start) and the total heap in use, sampled every 50 ms.
 */
final class HeapWatch implements AutoCloseable {
    record Peaks(long sampledMax, Map<String, Long> poolPeaks, long max, List<Long> samples) {
        long poolPeakSum() {
            return poolPeaks.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The highest sample in each quarter of the run: a heap that grows with the file climbs from one to the next. */
        List<Long> quarterPeaks() {
            List<Long> peaks = new ArrayList<>();
            for (int q = 0; q < 4; q++) {
                peaks.add(samples.subList(q * samples.size() / 4, Math.max(q * samples.size() / 4 + 1, (q + 1) * samples.size() / 4))
                        .stream().mapToLong(Long::longValue).max().orElse(0));
            }
            return peaks;
        }
    }

    private final JMXConnector connector;
    private final MemoryMXBean memory;
    private final List<MemoryPoolMXBean> heapPools = new ArrayList<>();
    private final AtomicLong sampledMax = new AtomicLong();
    private final List<Long> samples = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

    HeapWatch(int jmxPort) throws Exception {
        connector = JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
        MBeanServerConnection mbeans = connector.getMBeanServerConnection();
        memory = ManagementFactory.newPlatformMXBeanProxy(mbeans, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        for (MemoryPoolMXBean pool : ManagementFactory.getPlatformMXBeans(mbeans, MemoryPoolMXBean.class)) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool);
            }
        }
    }

    /** Clears the peaks left by start-up and starts sampling. */
    void start() {
        memory.gc();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        sampledMax.set(0);
        samples.clear();
        sampler.scheduleAtFixedRate(() -> {
            long used = memory.getHeapMemoryUsage().getUsed();
            samples.add(used);
            sampledMax.accumulateAndGet(used, Math::max);
        }, 0, 50, TimeUnit.MILLISECONDS);
    }

    Peaks stop() throws InterruptedException {
        sampler.shutdown();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
        Map<String, Long> peaks = new LinkedHashMap<>();
        heapPools.forEach(p -> peaks.put(p.getName(), p.getPeakUsage().getUsed()));
        return new Peaks(sampledMax.get(), peaks, memory.getHeapMemoryUsage().getMax(), List.copyOf(samples));
    }

    @Override
    public void close() throws Exception {
        sampler.shutdownNow();
        connector.close();
    }
}
