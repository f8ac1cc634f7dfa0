package dev.pixflow.bench;

import java.io.FileNotFoundException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server, started from its jar with its defaults, and uploads timed from their last byte:
 * one at a time to 201 and to ready, or a batch sent by several clients at once to all ready.
 */
final class UploadToReady implements AutoCloseable {
    record Result(long bytes, int runs, Stats toCreated, Stats toReady) {
    }

    /**
     * A batch: how many images, the seconds from the first upload's last byte to the last one ready,
     * and, from the first upload's first byte to the end, the CPU seconds the server's threads used by
     * {@link ThreadCpu} group, those of this process (the clients), and the machine's cores over that time.
     */
    record Batch(int images, double seconds, Map<String, Double> serverCpu, double clientCpu, IdleCores.Window cores) {
    }

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");
    /** How often a client asks whether one upload is ready: a figure can be this late. */
    static final long POLL_MILLIS = 5;
    /**
     * How often it asks during a batch: a batch takes seconds, and asking every few milliseconds would
     * spend a noticeable share of the two cores on answering.
     */
    static final long BATCH_POLL_MILLIS = 20;

    private final Path work;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ServerProcess server;

    /** Starts the server with {@code workerThreads} render threads; {@link #close()} stops it. */
    UploadToReady(Path jar, Path work, int workerThreads) throws Exception {
        this.work = work;
        server = ServerProcess.start(ServerProcess.Launch.asRunStartsIt(jar), work, List.of(),
                "--pixflow.worker.concurrency=" + workerThreads);
    }

    /** {@code runs} uploads of {@code file}, one at a time, each waited for until ready, after one warm-up. */
    Result latency(Path file, int runs) throws Exception {
        awaitReady(List.of(upload(file, new AtomicLong())), POLL_MILLIS);
        double[] created = new double[runs];
        double[] ready = new double[runs];
        for (int i = 0; i < runs; i++) {
            AtomicLong lastByte = new AtomicLong();
            String id = upload(file, lastByte);
            long createdAt = System.nanoTime();
            long readyAt = awaitReady(List.of(id), POLL_MILLIS);
            created[i] = (createdAt - lastByte.get()) / 1e6;
            ready[i] = (readyAt - lastByte.get()) / 1e6;
        }
        return new Result(Files.size(file), runs, Stats.of(created), Stats.of(ready));
    }

    /** Each file uploaded and waited for until ready, one at a time: the milliseconds from each one's last byte to ready. */
    double[] oneByOne(List<Path> files) throws Exception {
        double[] ms = new double[files.size()];
        for (int i = 0; i < files.size(); i++) {
            AtomicLong lastByte = new AtomicLong();
            String id = upload(files.get(i), lastByte);
            ms[i] = (awaitReady(List.of(id), POLL_MILLIS) - lastByte.get()) / 1e6;
        }
        return ms;
    }

    /**
     * Uploads {@code files} by {@code clients} clients at once, each sending its next file once the
     * server answered the last, and waits until every image is ready.
     */
    Batch batch(List<Path> files, int clients) throws Exception {
        Map<String, Double> cpuBefore = ThreadCpu.of(server.pid());
        double clientBefore = ThreadCpu.total(ProcessHandle.current().pid());
        IdleCores cores = IdleCores.start();
        ConcurrentLinkedQueue<Path> todo = new ConcurrentLinkedQueue<>(files);
        AtomicLong firstLastByte = new AtomicLong(Long.MAX_VALUE);
        List<String> ids = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<List<String>>> sent = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                sent.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    for (Path f = todo.poll(); f != null; f = todo.poll()) {
                        AtomicLong lastByte = new AtomicLong();
                        mine.add(upload(f, lastByte));
                        firstLastByte.accumulateAndGet(lastByte.get(), Math::min);
                    }
                    return mine;
                }));
            }
            for (Future<List<String>> s : sent) {
                ids.addAll(s.get());
            }
        }
        long end = awaitReady(ids, BATCH_POLL_MILLIS);
        return new Batch(files.size(), (end - firstLastByte.get()) / 1e9,
                ThreadCpu.between(cpuBefore, ThreadCpu.of(server.pid())),
                ThreadCpu.total(ProcessHandle.current().pid()) - clientBefore, cores.end());
    }

    /** Every upload makes an image, even of bytes sent before: a batch is rendered in full every round. */
    private String upload(Path file, AtomicLong lastByte) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.base() + "/v1/images?allowDuplicate=true"))
                        .header("Content-Type", "image/jpeg")
                        .POST(stampedAtEnd(file, lastByte)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("upload failed: " + response.body());
        }
        return first(ID, response.body());
    }

    /** Waits until every image is ready, asking about one at a time; when the last was seen ready. */
    private long awaitReady(List<String> ids, long pollMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        for (String id : ids) {
            String status;
            while (!"ready".equals(status = status(id))) {
                if ("failed".equals(status) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("image " + id + " is " + status + "; see " + work.resolve("server.log"));
                }
                Thread.sleep(pollMillis);
            }
        }
        return System.nanoTime();
    }

    /**
     * The file as a client sends one, with its length (not chunked), noting when its last byte was
     * handed to the connection.
     */
    private static HttpRequest.BodyPublisher stampedAtEnd(Path file, AtomicLong lastByte) throws FileNotFoundException {
        HttpRequest.BodyPublisher bytes = HttpRequest.BodyPublishers.ofFile(file);
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return bytes.contentLength();
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> sender) {
                bytes.subscribe(new Flow.Subscriber<ByteBuffer>() {
                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        sender.onSubscribe(subscription);
                    }

                    @Override
                    public void onNext(ByteBuffer item) {
                        sender.onNext(item);
                    }

                    @Override
                    public void onError(Throwable failure) {
                        sender.onError(failure);
                    }

                    @Override
                    public void onComplete() {
                        lastByte.compareAndSet(0, System.nanoTime());
                        sender.onComplete();
                    }
                });
            }
        };
    }

    private String status(String id) throws Exception {
        return first(STATUS, http.send(HttpRequest.newBuilder(URI.create(server.base() + "/v1/images/" + id)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static String first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("unexpected response: " + text);
        }
        return m.group(1);
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
