package dev.pixflow.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A large file as an S3-style multipart upload: parts in parallel, each with its Content-MD5, and
 * resumed after an interruption. The upload id is saved before any part is sent; a rerun asks the
 * server which parts it holds and sends only the others (a part held with another etag is sent again).
 */
final class MultipartUploader {
    private static final int ATTEMPTS = 4;

    private final PixflowApi api;
    private final String server;
    private final ResumeStates states;
    private final int parallel;
    private final RateLimit rate;
    private final PrintStream log;

    MultipartUploader(PixflowApi api, String server, ResumeStates states, int parallel, RateLimit rate, PrintStream log) {
        this.api = api;
        this.server = server;
        this.states = states;
        this.parallel = parallel;
        this.rate = rate;
        this.log = log;
    }

    JsonNode upload(Path file, String filename, String contentType, PixflowApi.Metadata metadata) throws Exception {
        long size = Files.size(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        Optional<ResumeStates.State> saved = states.load(server, file, size, modified);
        Map<Integer, JsonNode> held = new HashMap<>();
        ResumeStates.State state = null;
        if (saved.isPresent()) {
            try {
                JsonNode upload = api.describe(saved.get().uploadId());
                if ("completed".equals(upload.path("state").asText())) {
                    // An earlier run's complete went through but its answer was lost.
                    states.delete(server, file, size, modified);
                    return api.image(upload.get("imageId").asText());
                }
                upload.path("parts").forEach(p -> held.put(p.get("partNumber").asInt(), p));
                state = saved.get();
                log.printf("%s: resuming upload %s, %d part(s) already on the server%n", filename, state.uploadId(), held.size());
            } catch (ApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
                log.printf("%s: the earlier upload is gone (expired or aborted); starting again%n", filename);
            }
        }
        if (state == null) {
            JsonNode started = api.startUpload(filename, contentType, size, metadata);
            state = new ResumeStates.State(server, file.toAbsolutePath().normalize().toString(), size, modified,
                    started.get("uploadId").asText(), started.get("partSize").asLong());
            states.save(state, file);
        }
        List<FileRange> ranges = ranges(file, size, state.partSize());
        long alreadyHeld = ranges.stream().filter(r -> sameSize(held.get(r.number()), r)).mapToLong(FileRange::length).sum();
        List<String> etags = sendParts(state.uploadId(), filename, size, ranges, held, alreadyHeld);
        JsonNode image = api.complete(state.uploadId(), etags);
        states.delete(server, file, size, modified);
        return image;
    }

    /** Forgets the saved upload when the server refused the file for good, so a rerun starts afresh. */
    void forget(Path file) throws IOException {
        states.delete(server, file, Files.size(file), Files.getLastModifiedTime(file).toMillis());
    }

    private List<String> sendParts(String uploadId, String filename, long size, List<FileRange> ranges,
                                   Map<Integer, JsonNode> held, long alreadyHeld) throws Exception {
        try (TransferProgress progress = TransferProgress.start(filename, size, alreadyHeld);
             ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<String>> pending = new ArrayList<>();
            for (FileRange r : ranges) {
                pending.add(pool.submit(() -> sendPart(uploadId, r, held.get(r.number()), progress)));
            }
            List<String> etags = new ArrayList<>();
            try {
                for (Future<String> f : pending) {
                    etags.add(f.get());
                }
            } catch (ExecutionException e) {
                pool.shutdownNow();
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            return etags;
        }
    }

    private String sendPart(String uploadId, FileRange range, JsonNode held, TransferProgress progress) throws Exception {
        byte[] md5 = range.md5();
        String etag = FileRange.hex(md5);
        if (sameSize(held, range)) {
            if (etag.equals(held.get("etag").asText())) {
                return etag;
            }
            progress.takeBack(range.length()); // counted as held, but the server's copy is of other bytes
        }
        for (int attempt = 1; ; attempt++) {
            AtomicLong sent = new AtomicLong();
            try {
                JsonNode part = api.putPart(uploadId, range.number(), range.length(), FileRange.base64(md5),
                        () -> progress.counting(rate.wrap(range.open()), sent));
                return part.get("etag").asText();
            } catch (IOException | ApiException e) {
                progress.takeBack(sent.get());
                if (attempt == ATTEMPTS || (e instanceof ApiException refused && !refused.retryable())) {
                    throw e;
                }
                Thread.sleep(500L << attempt); // back off before retrying a flaky link or a busy server
            }
        }
    }

    private static boolean sameSize(JsonNode held, FileRange r) {
        return held != null && held.path("size").asLong() == r.length();
    }

    static List<FileRange> ranges(Path file, long size, long partSize) {
        List<FileRange> ranges = new ArrayList<>();
        int n = 1;
        for (long off = 0; off < size; off += partSize) {
            ranges.add(new FileRange(file, n++, off, Math.min(partSize, size - off)));
        }
        return ranges;
    }
}
